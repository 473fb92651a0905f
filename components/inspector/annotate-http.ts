/** Annotates an HTTP/1.1 head (request or status line, each header, the blank line) and body bytes. */
import type { HttpBodyEvent } from '@/lib/mirror/types';
import { utf8Decode } from '@/lib/wire/bytes';
import { headerMeaning } from '@/lib/wire/http-header-meanings';
import { annotateEioPayload } from './annotate-eio';
import type { Annotated, ByteField } from './fields';

export function annotateHttpHead(raw: Uint8Array, kind: 'request' | 'response'): Annotated {
  const fields: ByteField[] = [];
  let lineStart = 0;
  let n = 0;
  for (let i = 0; i + 1 < raw.length; i++) {
    if (raw[i] !== 0x0d || raw[i + 1] !== 0x0a) continue;
    const line = utf8Decode(raw.slice(lineStart, i));
    if (n === 0) {
      fields.push({
        id: 'start-line',
        start: lineStart,
        end: i + 2,
        name: kind === 'request' ? 'request line' : 'status line',
        value: line,
        region: 0,
        meaning: kind === 'request' ? 'method, target, version' : 'version, status code, reason',
      });
    } else if (line === '') {
      fields.push({
        id: 'end',
        start: lineStart,
        end: i + 2,
        name: 'end of head',
        value: 'CRLF',
        region: 2,
        meaning: 'a blank line ends the head',
      });
      break;
    } else {
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).trim();
      fields.push({
        id: `h${n}`,
        start: lineStart,
        end: i + 2,
        name,
        value,
        region: n % 2,
        meaning: headerMeaning(name),
      });
    }
    n++;
    lineStart = i + 2;
    i++;
  }
  return { title: kind === 'request' ? 'Request head' : 'Response head', bytes: raw, fields };
}

/** A body piece: chunk framing (when visible) and Engine.IO packets when the piece is one whole body. */
export function annotateHttpBody(
  raw: Uint8Array,
  event: Pick<HttpBodyEvent, 'eio' | 'size' | 'final'>,
): Annotated {
  const text = utf8Decode(raw);
  const fields: ByteField[] = [];
  const chunked = /^[0-9a-fA-F]+(;[^\r\n]*)?\r\n/.exec(text);
  if (event.eio && event.eio.length > 0 && !chunked && raw.length === event.size) {
    fields.push(...annotateEioPayload(text, 0));
  } else {
    fields.push({
      id: 'body',
      start: 0,
      end: raw.length,
      name: chunked ? 'body (chunked framing included)' : 'body',
      value: `${raw.length} bytes on the wire, ${event.size} decoded`,
      region: 0,
    });
    if (event.eio) {
      event.eio.forEach((p, i) => {
        fields.push({
          id: `eio${i}`,
          start: 0,
          end: 0,
          name: `Engine.IO packet ${i + 1}`,
          value: p.encoded ?? p.type,
          region: 1,
        });
      });
    }
  }
  return { title: 'Body', bytes: raw, fields };
}
