/**
 * Dissects an HTTP/1.1 head into spans: the request or status line and its parts, each field line
 * (with what the header means), the blank line. Lines are found by headLayout and read with
 * matchRequestLine / matchStatusLine / parseFieldLine, the grammar parseRequestHead uses too.
 */
import { utf8DecodeStrict } from './bytes';
import {
  decodeHeadText,
  type HeadLine,
  headLayout,
  isObsFold,
  matchRequestLine,
  matchStatusLine,
  parseFieldLine,
  parseRequestHead,
  parseResponseHead,
} from './http-head';
import { headerMeaning } from './http-header-meanings';
import { type Dissection, preview, type Span, utf8Offsets } from './spans';

const STATUS_CLASSES = [
  'informational: more is coming (RFC 9110 §15.2)',
  'success (RFC 9110 §15.3)',
  'redirection (RFC 9110 §15.4)',
  'client error (RFC 9110 §15.5)',
  'server error (RFC 9110 §15.6)',
];

type ByteAt = (charIndex: number) => number;

function part(name: string, byteAt: ByteAt, start: number, text: string, meaning: string): Span {
  const offset = byteAt(start);
  return { name, offset, length: byteAt(start + text.length) - offset, value: text, meaning };
}

function startLineSpan(text: string, line: HeadLine, byteAt: ByteAt): Span {
  const content = text.slice(line.start, line.end);
  const offset = byteAt(line.start);
  const span: Span = {
    name: 'request line',
    offset,
    length: byteAt(line.next) - offset,
    value: content,
    meaning: 'method, target, version (RFC 9112 §3)',
  };
  const request = matchRequestLine(content);
  if (request) {
    let at = line.start;
    const method = part('method', byteAt, at, request.method, 'what the client asks (RFC 9110 §9)');
    at += request.method.length + 1;
    const target = part(
      'request target',
      byteAt,
      at,
      request.target,
      'the path and query on the server (RFC 9112 §3.2)',
    );
    at += request.target.length + 1;
    const version = part('HTTP version', byteAt, at, request.version, 'RFC 9112 §2.3');
    span.children = [method, target, version];
    return span;
  }
  const status = matchStatusLine(content);
  if (status || content.startsWith('HTTP/')) {
    span.name = 'status line';
    span.meaning = 'version, status code, reason (RFC 9112 §4)';
  }
  if (!status) {
    span.problem =
      span.name === 'status line'
        ? 'not "HTTP/x.y NNN reason" (RFC 9112 §4)'
        : 'not "METHOD target HTTP/x.y" (RFC 9112 §3)';
    return span;
  }
  let at = line.start;
  const children = [part('HTTP version', byteAt, at, status.version, 'RFC 9112 §2.3')];
  at += status.version.length + 1;
  children.push(
    part(
      'status code',
      byteAt,
      at,
      status.status,
      STATUS_CLASSES[Number(status.status[0]) - 1] ?? 'not a defined class (RFC 9110 §15)',
    ),
  );
  at += 3;
  if (status.reason) {
    children.push(
      part(
        'reason phrase',
        byteAt,
        at + 1,
        status.reason,
        'for people; clients ignore it (RFC 9112 §4)',
      ),
    );
  }
  span.children = children;
  return span;
}

function fieldLineSpan(text: string, line: HeadLine, byteAt: ByteAt, first: boolean): Span {
  const content = text.slice(line.start, line.end);
  const offset = byteAt(line.start);
  const length = byteAt(line.next) - offset;
  if (isObsFold(content)) {
    const span: Span = {
      name: 'obs-fold continuation',
      offset,
      length,
      value: preview(content.trim()),
      meaning: 'continues the previous field value; obsolete (RFC 9112 §5.2)',
    };
    if (first) span.problem = 'no field line before it to continue';
    return span;
  }
  const field = parseFieldLine(content);
  if (!field.ok) {
    return {
      name: 'malformed field line',
      offset,
      length,
      value: preview(content),
      problem: field.error,
    };
  }
  const span: Span = { name: field.name, offset, length, value: preview(field.value) };
  const meaning = headerMeaning(field.name);
  if (meaning) span.meaning = meaning;
  return span;
}

/** One HTTP/1.1 request or response head (start line to the blank line). Never throws. */
export function dissectHttpHead(raw: Uint8Array): Dissection {
  const utf8 = utf8DecodeStrict(raw) !== null;
  const text = decodeHeadText(raw);
  const byteAt: ByteAt = utf8 ? utf8Offsets(text) : (i) => i;
  const layout = headLayout(text);
  const spans: Span[] = [];
  if (layout.first > 0) {
    spans.push({
      name: 'empty lines',
      offset: 0,
      length: byteAt(layout.first),
      value: `${byteAt(layout.first)} bytes`,
      meaning: 'ignored before a request line (RFC 9112 §2.2)',
    });
  }
  const [startLine, ...fieldLines] = layout.lines;
  let response = false;
  if (startLine) {
    const span = startLineSpan(text, startLine, byteAt);
    response = span.name === 'status line';
    spans.push(span);
  }
  fieldLines.forEach((line, n) => {
    spans.push(fieldLineSpan(text, line, byteAt, n === 0));
  });
  const end = layout.blank ?? null;
  if (end) {
    const offset = byteAt(end.start);
    spans.push({
      name: 'end of head',
      offset,
      length: byteAt(end.next) - offset,
      value: end.next - end.start === 2 ? 'CRLF' : 'LF',
      meaning: 'a blank line ends the head (RFC 9112 §2.1)',
    });
  }
  const covered = byteAt(end ? end.next : text.length);
  if (raw.length > covered) {
    spans.push({
      name: 'bytes after the head',
      offset: covered,
      length: raw.length - covered,
      value: `${raw.length - covered} bytes`,
      meaning: 'not part of the head: body, or the protocol switched to',
    });
  }
  const title = response ? 'Response head' : 'Request head';
  const parsed = response ? parseResponseHead(text) : parseRequestHead(text);
  const error = !parsed.ok
    ? parsed.error
    : end
      ? undefined
      : 'no blank line: the head is incomplete (RFC 9112 §2.1)';
  return error ? { title, bytes: raw, spans, error } : { title, bytes: raw, spans };
}
