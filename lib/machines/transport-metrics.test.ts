import { describe, expect, it } from 'vitest';
import { base64ByteLength } from '@/lib/mirror/select-transport';
import type { WireEvent } from '@/lib/mirror/types';
import { EIO_SID, eioTarget } from './test-fixtures';
import { FEED_PATH, LabScript, labMessages, SSE_PATH } from './test-lab-script';
import { deliveredMessages, summarizeLatencies, transportMetrics } from './transport-metrics';

const tick = (id: number, at: number) => ({ id, data: `tick ${id}`, at });

/**
 * The same three messages (sent at t = 1000, 2000, 3000 on the session clock) delivered by every
 * transport, each on its own connections, plus a publish on the long-poll keep-alive connection.
 */
function mixedLog(options: { bothHops?: boolean } = {}): LabScript {
  const s = new LabScript(options);
  // Raw WebSocket, with one app heartbeat that is overhead, not a message.
  s.wsOpen('ws1', FEED_PATH);
  s.t = 1000;
  s.wsJson('ws1', 'down', tick(1, 1000));
  s.hb('ws1', 1).hbAck('ws1', 1);
  // Socket.IO over WebSocket.
  s.eioWsOpen('sio1');
  s.sio('sio1', 'up', '0').sio('sio1', 'down', '0{"sid":"oSO0OpakMV_3jnilAAAA"}');
  s.t = 1001;
  s.sio('sio1', 'down', `2["tick",${JSON.stringify(tick(1, 1000))}]`);
  // Socket.IO over polling (an open session: its GET returns the EVENT).
  s.pollGet(
    'sp1',
    eioTarget('polling', 'PollSidAAAAAAAAAAAAA', 'Pa1'),
    [`42["tick",${JSON.stringify(tick(1, 1000))}]`],
    1,
  );
  // Long polling: the GET held since 0 answers at once; a publish rides the same keep-alive connection.
  const held = s.pollRequest('lp1', 0);
  s.t = 1003;
  s.pollAnswer('lp1', held, [tick(1, 1000)], 1);
  s.wait(1).publish('lp1', 'from the page', 4);
  // SSE: one event per message, a keep-alive comment.
  s.sseAccept('sse1', s.sseRequest('sse1'));
  s.t = 1010;
  s.sseEvent('sse1', { id: '1', data: JSON.stringify(tick(1, 1000)) });
  s.sseComment('sse1');
  // Short polling every second: 1000 finds nothing yet, 2000 gets message 1.
  s.t = 1000;
  s.longPoll('sh1', 0, [], 0, { short: true });
  s.t = 2000;
  s.longPoll('sh1', 0, [tick(1, 1000)], 1, { short: true });
  for (const id of [2, 3]) {
    s.t = id * 1000 + 50;
    s.wsJson('ws1', 'down', tick(id, id * 1000));
    s.sio('sio1', 'down', `2["tick",${JSON.stringify(tick(id, id * 1000))}]`);
    s.sseEvent('sse1', { id: String(id), data: JSON.stringify(tick(id, id * 1000)) });
    s.pollGet(
      'sp1',
      eioTarget('polling', 'PollSidAAAAAAAAAAAAA', `Pa${id}`),
      [`42["tick",${JSON.stringify(tick(id, id * 1000))}]`],
      0,
    );
    s.longPoll('lp1', id - 1, [tick(id, id * 1000)], 0);
  }
  s.t = 3000;
  s.longPoll(
    'sh1',
    1,
    labMessages(2, 3, 2000).map((m, i) => ({ ...m, at: (i + 2) * 1000 })),
    1,
    { short: true },
  );
  return s;
}

function bytesOf(events: readonly WireEvent[], pick: (e: WireEvent) => boolean): number {
  let n = 0;
  for (const e of events)
    if (e.hop === 'browser-edge' && pick(e) && 'raw' in e) n += base64ByteLength(e.raw);
  return n;
}

describe('transportMetrics', () => {
  const s = mixedLog();
  const metrics = transportMetrics(s.events, { atClock: { kind: 'session' } });
  const of = (transport: string) => metrics.find((m) => m.transport === transport);

  it('lists the transports found, each with three delivered messages', () => {
    expect(metrics.map((m) => [m.transport, m.messages])).toEqual([
      ['ws', 3],
      ['sio-ws', 3],
      ['sio-polling', 3],
      ['long-poll', 3],
      ['short-poll', 3],
      ['sse', 3],
      ['publish', 0],
    ]);
  });

  it('counts every wire byte of a transport’s connections, heads and handshakes included', () => {
    for (const [transport, conn] of [
      ['ws', 'ws1'],
      ['sio-ws', 'sio1'],
      ['sio-polling', 'sp1'],
      ['sse', 'sse1'],
      ['short-poll', 'sh1'],
    ] as const) {
      const total = bytesOf(s.events, (e) => e.conn === conn);
      expect(of(transport)?.totalBytes, transport).toBe(total);
      expect(of(transport)?.bytesPerMessage, transport).toBeCloseTo(total / 3, 9);
    }
  });

  it('splits a keep-alive connection between the long poll and the publish it carried', () => {
    const publishSeqs = new Set<number>();
    let inPublish = false;
    for (const e of s.events) {
      if (e.conn !== 'lp1') continue;
      if (e.kind === 'http-request') inPublish = e.method === 'POST';
      if (inPublish) publishSeqs.add(e.seq);
    }
    const publish = bytesOf(s.events, (e) => publishSeqs.has(e.seq));
    const longPoll = bytesOf(s.events, (e) => e.conn === 'lp1' && !publishSeqs.has(e.seq));
    expect(of('publish')?.totalBytes).toBe(publish);
    expect(of('long-poll')?.totalBytes).toBe(longPoll);
    expect(of('long-poll')).toMatchObject({ requests: 3, connections: 1, frameBytes: 0 });
    expect(of('publish')?.bytesPerMessage).toBeNaN();
  });

  it('shows polling paying for its heads: more bytes per message than WebSocket', () => {
    const ws = of('ws')?.bytesPerMessage ?? 0;
    expect(of('long-poll')?.bytesPerMessage).toBeGreaterThan(ws);
    expect(of('short-poll')?.requests).toBe(3);
    expect(of('ws')?.requests).toBe(1);
  });

  it('times messages against their `at` on the session clock', () => {
    expect(of('ws')?.latencies).toEqual([0, 50, 50]);
    expect(of('long-poll')?.latencies).toEqual([3, 50, 50]);
    // Short polling waits for the next poll: messages 1 and 2 waited about a second.
    expect(of('short-poll')?.latencies).toEqual([1001, 1001, 1]);
    expect(of('short-poll')?.latency).toMatchObject({ count: 3, max: 1001, p50: 1001 });
    expect(of('ws')?.latencySource).toBe('at');
  });

  it('converts an epoch `at` with the session start', () => {
    const start = 1_736_157_600_000;
    const epoch = transportMetrics(
      mixedLog().events.map((e) => e),
      { atClock: { kind: 'epoch', sessionStartEpochMs: start } },
    ).find((m) => m.transport === 'ws');
    // The fixture's `at` is session time, so seen as epoch it is off by the whole start stamp.
    expect(epoch?.latencies[0]).toBe(start);
  });
});

describe('latency between hops', () => {
  it('times each message from the edge-node hop to the browser-edge hop on one clock', () => {
    const s = mixedLog({ bothHops: true });
    const metrics = transportMetrics(s.events);
    const ws = metrics.find((m) => m.transport === 'ws');
    expect(ws?.latencySource).toBe('hops');
    expect(ws?.latencies).toEqual([0.25, 0.25, 0.25]);
    const sse = metrics.find((m) => m.transport === 'sse');
    expect(sse?.latencies).toHaveLength(3);
  });
});

describe('deliveredMessages', () => {
  it('reads ids from SSE data and Socket.IO arguments', () => {
    const s = new LabScript();
    s.sseAccept('c1', s.sseRequest('c1', undefined, SSE_PATH));
    s.sseEvent('c1', { id: '7', data: 'plain text' });
    s.eioWsOpen('c2', EIO_SID);
    s.sio('c2', 'down', '2["tick",{"id":9,"at":5}]');
    s.sio('c2', 'down', '31[{"ok":true}]'); // an ACK is not a delivered message
    expect(deliveredMessages(s.events).map((m) => [m.transport, m.id, m.at])).toEqual([
      ['sse', '7', undefined],
      ['sio-ws', '9', 5],
    ]);
  });
});

describe('summarizeLatencies', () => {
  it('gives nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarizeLatencies(values)).toEqual({
      count: 100,
      mean: 50.5,
      p50: 50,
      p99: 99,
      max: 100,
    });
    expect(summarizeLatencies([])).toBeUndefined();
  });
});
