/**
 * `text/event-stream` parsing per the HTML standard (§9.2.6 "Interpreting an event stream"):
 * UTF-8 with one optional leading BOM, lines ended by CRLF, LF or CR (split across chunks too),
 * fields data / event / id / retry, comments starting with ':', dispatch on a blank line.
 */
import type { SseEventInfo } from './types';

export const SSE_CONTENT_TYPE = 'text/event-stream';

export type SseEvent = SseEventInfo;

export class EventStreamDecoder {
  private readonly text = new TextDecoder('utf-8'); // strips one leading BOM, as the spec asks
  private line = '';
  /** The previous chunk ended with CR: a LF at the start of the next one belongs to that line end. */
  private afterCR = false;
  private data = '';
  private hasData = false;
  private eventType = '';
  /** The last event ID buffer persists across events until an `id` field changes it. */
  private lastEventId = '';
  private retry: number | undefined;

  /** The id the stream would resume from (what EventSource sends as Last-Event-ID). */
  get lastId(): string {
    return this.lastEventId;
  }

  push(chunk: Uint8Array | string): SseEvent[] {
    const input = typeof chunk === 'string' ? chunk : this.text.decode(chunk, { stream: true });
    const events: SseEvent[] = [];
    let start = 0;
    if (this.afterCR && input.charAt(0) === '\n') start = 1;
    this.afterCR = false;
    for (let i = start; i < input.length; i++) {
      const c = input.charCodeAt(i);
      if (c !== 0x0a && c !== 0x0d) continue;
      this.line += input.slice(start, i);
      this.processLine(this.line, events);
      this.line = '';
      if (c === 0x0d) {
        if (i + 1 === input.length) this.afterCR = true;
        else if (input.charCodeAt(i + 1) === 0x0a) i++;
      }
      start = i + 1;
    }
    this.line += input.slice(start);
    return events;
  }

  /** End of stream: an event without its blank line is discarded (spec), so nothing is returned. */
  end(): SseEvent[] {
    this.line = '';
    this.data = '';
    this.hasData = false;
    this.eventType = '';
    return [];
  }

  private processLine(line: string, events: SseEvent[]): void {
    if (line === '') {
      this.dispatch(events);
      return;
    }
    if (line.charAt(0) === ':') return; // comment
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charAt(0) === ' ') value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data += `${value}\n`;
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  private dispatch(events: SseEvent[]): void {
    if (!this.hasData) {
      this.eventType = '';
      return;
    }
    const event: SseEvent = { event: this.eventType || 'message', data: this.data.slice(0, -1) };
    if (this.lastEventId !== '') event.id = this.lastEventId;
    if (this.retry !== undefined) {
      event.retry = this.retry;
      this.retry = undefined;
    }
    events.push(event);
    this.data = '';
    this.hasData = false;
    this.eventType = '';
  }
}
