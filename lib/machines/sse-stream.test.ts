import { describe, expect, it } from 'vitest';
import { chartOf } from './chart';
import { foldEvents } from './fold';
import { sseStreamsOf } from './sse-mapper';
import { sseStreamMachine } from './sse-stream';
import { LabScript, SSE_PATH } from './test-lab-script';

/** Events `from`…`to` on an open stream, 100 ms apart; the first may carry `retry:`. */
function events(s: LabScript, conn: string, from: number, to: number, retry?: number): void {
  for (let id = from; id <= to; id++) {
    s.wait(100).sseEvent(conn, {
      id: String(id),
      data: JSON.stringify({ id, data: `tick ${id}`, at: s.t }),
      ...(id === from && retry !== undefined ? { retry } : {}),
    });
  }
}

/** 5 events, a reset by the edge, a reconnect with Last-Event-ID 5, then `resume` events. */
function resetAndResume(resume: number[]): LabScript {
  const s = new LabScript();
  s.connOpen('c1', SSE_PATH);
  s.wait(1).sseAccept('c1', s.sseRequest('c1'));
  events(s, 'c1', 1, 5, 2000);
  s.wait(15_000).sseComment('c1');
  s.wait(10).fault('c1', 'reset', 'connection reset by the edge');
  s.connClose('c1', 'reset', 'edge');
  s.wait(2004).connOpen('c2', SSE_PATH);
  s.wait(1).sseAccept('c2', s.sseRequest('c2', '5'));
  for (const id of resume) {
    s.wait(100).sseEvent('c2', { id: String(id), data: JSON.stringify({ id }) });
  }
  return s;
}

describe('sseStreamMachine', () => {
  it('opens, counts events and keeps the last id and the retry delay', () => {
    const s = new LabScript();
    s.wait(1).sseAccept('c1', s.sseRequest('c1'));
    events(s, 'c1', 1, 3, 2500);
    const [stream] = sseStreamsOf(s.events);
    expect(stream?.key).toBe(SSE_PATH);
    const { snapshot, transitions } = foldEvents(sseStreamMachine, stream?.events ?? []);
    expect(transitions.map((t) => t.to)).toEqual(['connecting', 'open']);
    expect(snapshot.context).toMatchObject({
      connections: 1,
      count: 3,
      lastEventId: '3',
      retry: 2500,
      missed: [],
    });
    expect(snapshot.context.resumedFrom).toBeUndefined();
  });

  it('resumes from Last-Event-ID 5 after a reset and misses nothing when 6-8 follow', () => {
    const [stream] = sseStreamsOf(resetAndResume([6, 7, 8]).events);
    const { snapshot, transitions } = foldEvents(sseStreamMachine, stream?.events ?? []);
    expect(transitions.map((t) => t.to)).toEqual([
      'connecting',
      'open',
      'reconnecting.waiting',
      'reconnecting.due',
      'connecting',
      'open',
    ]);
    expect(snapshot.context).toMatchObject({
      connections: 2,
      reconnects: 1,
      resumedFrom: '5',
      lastEventId: '8',
      count: 8,
      countThisConnection: 3,
      keepAlives: 1,
      missed: [],
      duplicates: [],
    });
    expect(snapshot.context.resumeMismatch).toBeUndefined();
    expect(snapshot.context.reconnectDelays).toEqual([2005]);
  });

  it('reports the id a resumed stream skipped', () => {
    const [stream] = sseStreamsOf(resetAndResume([7, 8]).events);
    const { context } = foldEvents(sseStreamMachine, stream?.events ?? []).snapshot;
    expect(context.missed).toEqual(['6']);
    expect(context.lastEventId).toBe('8');
  });

  it('reports ids delivered twice', () => {
    const [stream] = sseStreamsOf(resetAndResume([5, 6]).events);
    const { context } = foldEvents(sseStreamMachine, stream?.events ?? []).snapshot;
    expect(context.duplicates).toEqual(['5']);
    expect(context.missed).toEqual([]);
  });

  it('waits exactly the retry delay before the reconnect is due', () => {
    const s = resetAndResume([]);
    const [stream] = sseStreamsOf(s.events);
    const list = stream?.events ?? [];
    const closedAt = list.find((e) => e.event.type === 'CLOSED')?.t ?? 0;
    const at = (t: number) => foldEvents(sseStreamMachine, list, { upToT: t }).snapshot.value;
    expect(at(closedAt + 1999)).toEqual({ reconnecting: 'waiting' });
    expect(at(closedAt + 2000)).toEqual({ reconnecting: 'due' });
  });

  it('flags a request that resumed from another id than the last one seen', () => {
    const s = new LabScript();
    s.sseAccept('c1', s.sseRequest('c1'));
    events(s, 'c1', 1, 2);
    s.connClose('c1', 'end', 'server');
    s.wait(3000).sseAccept('c2', s.sseRequest('c2', '1'));
    const [stream] = sseStreamsOf(s.events);
    const { context } = foldEvents(sseStreamMachine, stream?.events ?? []).snapshot;
    expect(context.resumeMismatch).toEqual({ sent: '1', lastSeen: '2' });
  });

  it('fails for good on a non-200 answer', () => {
    const s = new LabScript();
    const seq = s.sseRequest('c1');
    s.wait(2).response('c1', 503, 'Service Unavailable', [['Content-Length', '0']], seq);
    const [stream] = sseStreamsOf(s.events);
    const { snapshot } = foldEvents(sseStreamMachine, stream?.events ?? []);
    expect(snapshot.value).toBe('failed');
    expect(snapshot.context.failure).toBe('answered 503 instead of 200');
  });

  it('fails on a 200 whose Content-Type is not text/event-stream', () => {
    const s = new LabScript();
    s.sseAccept('c1', s.sseRequest('c1'), 'text/plain');
    const [stream] = sseStreamsOf(s.events);
    const { snapshot } = foldEvents(sseStreamMachine, stream?.events ?? []);
    expect(snapshot.value).toBe('failed');
    expect(snapshot.context.failure).toMatch(/text\/plain is not text\/event-stream/);
  });

  it('goes reconnecting when the server ends the response (zero-size chunk)', () => {
    const s = new LabScript();
    s.sseAccept('c1', s.sseRequest('c1'));
    events(s, 'c1', 1, 1);
    s.body('c1', 'down', '0\r\n\r\n');
    const [stream] = sseStreamsOf(s.events);
    const { snapshot } = foldEvents(sseStreamMachine, stream?.events ?? []);
    expect(snapshot.value).toEqual({ reconnecting: 'waiting' });
    expect(snapshot.context.closeReason).toBe('the server ended the response');
  });
});

describe('sse chart', () => {
  it('labels the reconnect deadline with its delay name', () => {
    const delayed = chartOf(sseStreamMachine).edges.filter((e) => e.delayed);
    expect(delayed.map((e) => [e.source, e.target, e.delayName])).toEqual([
      ['sse.reconnecting.waiting', 'sse.reconnecting.due', 'retryDelay'],
    ]);
  });
});
