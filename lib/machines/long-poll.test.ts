import { describe, expect, it } from 'vitest';
import { base64ByteLength } from '@/lib/mirror/select-transport';
import type { WireEvent } from '@/lib/mirror/types';
import { chartOf } from './chart';
import { upgradeBlocked } from './eio-scenarios';
import { foldEvents } from './fold';
import { dechunk } from './http-exchanges';
import { longPollBytesPerMessage, longPollMachine } from './long-poll';
import { longPollStreamsOf } from './long-poll-mapper';
import { LabScript, labMessages } from './test-lab-script';

/** Three long-poll cycles (the second times out after 30 s), a publish POST in between. */
function threeCycles(): LabScript {
  const s = new LabScript();
  s.connOpen('c1');
  s.longPoll('c1', 0, labMessages(1, 2, 5), 5); // 1: two messages were waiting
  s.wait(1).longPoll('c1', 2, [], 30_000); // 2: nothing for 30 s → 204
  const held = s.wait(1).pollRequest('c1', 2); // 3: held…
  s.connOpen('c2');
  s.wait(400).publish('c2', 'hello', 3); // …until a publish arrives
  s.wait(1).pollAnswer('c1', held, labMessages(3, 3, s.t), 3);
  s.wait(1).pollRequest('c1', 3); // 4: pending at the end
  return s;
}

function wireBytes(events: readonly WireEvent[], pick: (e: WireEvent) => boolean): number {
  let n = 0;
  for (const e of events) if (pick(e) && 'raw' in e) n += base64ByteLength(e.raw);
  return n;
}

describe('longPollMachine on plain polling', () => {
  it('goes waiting → delivered → waiting → timedOut → waiting → delivered → waiting', () => {
    const [stream] = longPollStreamsOf(threeCycles().events);
    expect(stream?.key).toBe('long-poll');
    const { snapshot, transitions } = foldEvents(longPollMachine, stream?.events ?? []);
    const receive = transitions
      .map((t) => t.to.split(',')[0])
      .filter((to, i, all) => to !== all[i - 1]);
    expect(receive).toEqual([
      'receive.waiting',
      'receive.delivered',
      'receive.waiting',
      'receive.timedOut',
      'receive.waiting',
      'receive.delivered',
      'receive.waiting',
    ]);
    expect(snapshot.hasTag('waiting')).toBe(true);
    expect(snapshot.context).toMatchObject({
      flavor: 'plain',
      gets: 4,
      posts: 1,
      requests: 5,
      responses: 4,
      deliveries: 2,
      timeouts: 1,
      messagesDelivered: 3,
      messagesSent: 1,
      pendingGets: 1,
      pendingPosts: 0,
    });
  });

  it('records when each GET started waiting and how long the server held it', () => {
    const s = threeCycles();
    const [stream] = longPollStreamsOf(s.events);
    const { context } = foldEvents(longPollMachine, stream?.events ?? []).snapshot;
    expect(context.cycles.map((c) => [c.outcome, c.messages, c.status])).toEqual([
      ['delivered', 2, 200],
      ['timedOut', 0, 204],
      ['delivered', 1, 200],
      [undefined, 0, undefined],
    ]);
    const third = context.cycles[2];
    expect((third?.endT ?? 0) - (third?.holdStart ?? 0)).toBe(402);
    expect(context.holdStart).toBe(context.cycles[3]?.holdStart);
    expect(context.lastHoldMs).toBe(402);
  });

  it('shows the POST in the send region while the GET is held', () => {
    const [stream] = longPollStreamsOf(threeCycles().events);
    const { transitions } = foldEvents(longPollMachine, stream?.events ?? []);
    expect(transitions.map((t) => t.to)).toContain('receive.waiting,send.sending');
    const { snapshot } = foldEvents(longPollMachine, stream?.events ?? []);
    expect(snapshot.value).toEqual({ receive: 'waiting', send: 'idle' });
  });

  it('counts the bytes of every GET cycle, headers included, per delivered message', () => {
    const s = threeCycles();
    const [stream] = longPollStreamsOf(s.events);
    const { context } = foldEvents(longPollMachine, stream?.events ?? []).snapshot;
    const onC1 = (kinds: string[]) => (e: WireEvent) => e.conn === 'c1' && kinds.includes(e.kind);
    const heads = wireBytes(s.events, onC1(['http-request', 'http-response']));
    const bodies = wireBytes(s.events, onC1(['http-body']));
    expect(context.getHeaderBytes).toBe(heads);
    expect(context.getBodyBytes).toBe(bodies);
    const perMessage = longPollBytesPerMessage(context);
    expect(perMessage.totalBytesPerMessage).toBeCloseTo((heads + bodies) / 3, 6);
    // Heads dominate: the lesson's point about polling.
    expect(perMessage.headerBytesPerMessage).toBeGreaterThan(perMessage.bodyBytesPerMessage);
    expect(context.postHeaderBytes).toBe(
      wireBytes(s.events, (e) => e.conn === 'c2' && e.kind !== 'http-body'),
    );
  });

  it('keys short polling (wait=0) apart from long polling', () => {
    const s = new LabScript();
    s.longPoll('c1', 0, [], 2, { short: true });
    s.wait(1000).longPoll('c1', 0, labMessages(1, 1, 900), 2, { short: true });
    const streams = longPollStreamsOf(s.events);
    expect(streams.map((x) => x.key)).toEqual(['short-poll']);
    const { context } = foldEvents(longPollMachine, streams[0]?.events ?? []).snapshot;
    expect(context).toMatchObject({ short: true, gets: 2, timeouts: 1, messagesDelivered: 1 });
  });

  it('ends a cycle aborted when TCP closes under the pending GET', () => {
    const s = new LabScript();
    s.pollRequest('c1', 0);
    s.wait(60_000).fault('c1', 'idle-timeout', 'idle 60000 ms: connection closed');
    s.connClose('c1', 'reset', 'edge');
    const [stream] = longPollStreamsOf(s.events);
    const { snapshot } = foldEvents(longPollMachine, stream?.events ?? []);
    expect(snapshot.value).toEqual({ receive: 'aborted', send: 'idle' });
    expect(snapshot.context.aborts).toBe(1);
  });
});

describe('longPollMachine on Engine.IO polling', () => {
  it('counts Socket.IO EVENTs as delivered messages and leaves the handshake out', () => {
    const streams = longPollStreamsOf(upgradeBlocked().events);
    expect(streams.map((x) => x.key)).toEqual(['e1']);
    const { snapshot } = foldEvents(longPollMachine, streams[0]?.events ?? []);
    expect(snapshot.value).toEqual({ receive: 'delivered', send: 'idle' });
    expect(snapshot.context).toMatchObject({
      flavor: 'engineio',
      gets: 2,
      posts: 1,
      // The CONNECT answer (40{"sid"}) is not an application message; 42["welcome"] is.
      timeouts: 1,
      deliveries: 1,
      messagesDelivered: 1,
      messagesSent: 0,
    });
  });

  it('counts EVENTs a POST carries as messages sent', () => {
    const s = new LabScript();
    const sid = 'Xk3rLJaSzvAGbpxwAAAB';
    const target = `/lab/x/socket.io/?EIO=4&transport=polling&t=a&sid=${sid}`;
    s.request('c1', 'GET', `/lab/x/socket.io/?EIO=4&transport=polling&t=0`);
    s.pollPost('c2', target, ['42["chat",{"msg":"a"}]', '3', '42["chat",{"msg":"b"}]']);
    const [stream] = longPollStreamsOf(s.events);
    const { context } = foldEvents(longPollMachine, stream?.events ?? []).snapshot;
    expect(context).toMatchObject({ posts: 1, messagesSent: 2, pendingPosts: 0 });
  });
});

describe('dechunk', () => {
  it('joins the chunk data of a chunked body', () => {
    const wire = new TextEncoder().encode('5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n');
    expect(new TextDecoder().decode(dechunk(wire))).toBe('hello world');
  });
});

describe('long-poll chart', () => {
  it('draws both regions and the guarded answers from the definition', () => {
    const chart = chartOf(longPollMachine);
    expect(chart.nodes.filter((n) => n.depth === 0).map((n) => n.key)).toEqual(['receive', 'send']);
    const answers = chart.edges.filter(
      (e) => e.event === 'GET_ANSWERED' && e.source === 'longPoll.receive.waiting',
    );
    expect(answers.map((e) => e.label)).toEqual([
      'GET_ANSWERED [othersPending]',
      'GET_ANSWERED [hasMessages]',
      'GET_ANSWERED [isEmptyAnswer]',
      'GET_ANSWERED',
    ]);
  });
});
