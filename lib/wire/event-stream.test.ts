import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Encode } from './bytes';
import { EventStreamDecoder, type SseEvent } from './event-stream';

function parse(...chunks: string[]): SseEvent[] {
  const decoder = new EventStreamDecoder();
  return chunks.flatMap((c) => decoder.push(utf8Encode(c)));
}

describe('EventStreamDecoder', () => {
  it('dispatches a message on a blank line with the default event type', () => {
    expect(parse('data: hello\n\n')).toEqual([{ event: 'message', data: 'hello' }]);
  });

  it('joins multi-line data with LF and drops the last LF', () => {
    expect(parse('data: a\ndata: b\ndata\n\n')).toEqual([{ event: 'message', data: 'a\nb\n' }]);
  });

  it('reads event, id and retry fields and keeps the id for later events', () => {
    expect(parse('event: tick\nid: 7\nretry: 3000\ndata: 1\n\ndata: 2\n\n')).toEqual([
      { event: 'tick', id: '7', retry: 3000, data: '1' },
      { event: 'message', id: '7', data: '2' },
    ]);
  });

  it('ignores comments, unknown fields, a non-numeric retry and an id containing NUL', () => {
    expect(parse(': keep-alive\nfoo: bar\nretry: 1x\nid: a\0b\ndata: x\n\n')).toEqual([
      { event: 'message', data: 'x' },
    ]);
  });

  it('accepts CR, LF and CRLF line ends, including a CRLF split across chunks', () => {
    expect(parse('data: a\r', '\ndata: b\rdata: c\r\n\r', '\n')).toEqual([
      { event: 'message', data: 'a\nb\nc' },
    ]);
  });

  it('does not dispatch a block with no data, and resets its event type', () => {
    expect(parse('event: x\n\ndata: y\n\n')).toEqual([{ event: 'message', data: 'y' }]);
  });

  it('strips one leading BOM and keeps only one space after the colon', () => {
    expect(parse('\ufeffdata:  two spaces\n\n')).toEqual([
      { event: 'message', data: ' two spaces' },
    ]);
  });

  it('decodes a UTF-8 character split across chunks', () => {
    const bytes = utf8Encode('data: €\n\n');
    const decoder = new EventStreamDecoder();
    const events = [...decoder.push(bytes.subarray(0, 7)), ...decoder.push(bytes.subarray(7))];
    expect(events).toEqual([{ event: 'message', data: '€' }]);
  });

  it('discards an event that has no blank line when the stream ends', () => {
    const decoder = new EventStreamDecoder();
    expect(decoder.push('data: partial\n')).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  it('gives the same events however the stream is split', () => {
    const stream = utf8Encode(
      'id: 1\r\nevent: a\r\ndata: x\r\n\r\n: c\ndata: y\rdata: z\r\r\ndata: €\n\n',
    );
    const whole = new EventStreamDecoder().push(stream);
    fc.assert(
      fc.property(fc.array(fc.nat(stream.length), { maxLength: 10 }), (cuts) => {
        const decoder = new EventStreamDecoder();
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        let start = 0;
        const events: SseEvent[] = [];
        for (const p of [...points, stream.length]) {
          events.push(...decoder.push(stream.subarray(start, p)));
          start = p;
        }
        expect(events).toEqual(whole);
      }),
    );
    expect(whole).toHaveLength(3);
  });
});
