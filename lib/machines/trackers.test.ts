import { describe, expect, it } from 'vitest';
import { EventLog, followLog } from '@/lib/mirror/event-log';
import { defaultUpgrade } from './eio-scenarios';
import { foldEvents } from './fold';
import { WireScript, WS_PATH } from './test-fixtures';
import { EngineIoTracker, WsConnectionTracker } from './trackers';
import { wsConnectionEventsFor, wsConnectionMachine } from './ws-connection';

function inBatches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

describe('WsConnectionTracker', () => {
  it('folds only WebSocket connections, including their conn-open, from a followed log', () => {
    const script = defaultUpgrade();
    script.connOpen('c4', WS_PATH);
    const req = script.wsUpgradeRequest('c4', WS_PATH);
    script.wsAccept('c4', req).wsText('c4', 'up', 'hi');
    const log = new EventLog();
    const tracker = new WsConnectionTracker();
    const stop = followLog(log, (batch) => tracker.push(batch));
    for (const batch of inBatches(script.events, 3)) log.append(batch);
    stop();
    expect(tracker.connections).toEqual(['c3', 'c4']);
    const c4 = tracker.folder('c4');
    const expected = foldEvents(wsConnectionMachine, wsConnectionEventsFor(script.events, 'c4'));
    expect(c4?.snapshot.value).toBe('open');
    expect(c4?.transitions).toEqual(expected.transitions);
    expect(c4?.transitions[0]?.from).toBe('idle');
    expect(c4?.transitions[0]?.to).toBe('handshake.connecting');
    tracker.dispose();
  });

  it('changes its version only when a batch touched a WebSocket connection', () => {
    const s = new WireScript();
    const tracker = new WsConnectionTracker();
    s.request('c1', 'GET', '/lab/x/page');
    tracker.push(s.events);
    expect(tracker.version).toBe(0);
    s.wsUpgradeRequest('c2', WS_PATH);
    tracker.push(s.events.slice(1));
    expect(tracker.version).toBe(1);
  });

  it('folds the edge-node hop of a connection whose Upgrade header the edge stripped', () => {
    const s = new WireScript();
    s.connOpen('c1', WS_PATH);
    s.wsUpgradeRequest('c1', WS_PATH);
    const node = new WireScript({ hop: 'edge-node', startT: 1 });
    node.connOpen('c1', WS_PATH);
    const req = node.request('c1', 'GET', WS_PATH);
    node.response('c1', 426, 'Upgrade Required', [], req);
    const events = [...s.events, ...node.events].map((e, i) => ({ ...e, seq: i + 1 }));
    const tracker = new WsConnectionTracker('edge-node');
    tracker.push(events);
    expect(tracker.connections).toEqual(['c1']);
    expect(tracker.folder('c1')?.snapshot.value).toBe('failed');
    expect(tracker.folder('c1')?.transitions[0]?.to).toBe('handshake.connecting');
  });
});

describe('EngineIoTracker', () => {
  it('folds each Engine.IO session as events arrive and finds it by sid', () => {
    const script = defaultUpgrade();
    const log = new EventLog();
    const tracker = new EngineIoTracker();
    followLog(log, (batch) => tracker.push(batch));
    const batches = inBatches(script.events, 4);
    log.append(batches[0] ?? []);
    expect(tracker.folder('e1')?.snapshot.value).toEqual({ session: 'polling' });
    for (const batch of batches.slice(1)) log.append(batch);
    expect(tracker.sessions.map((s) => s.sid)).toEqual(['Xk3rLJaSzvAGbpxwAAAB']);
    expect(tracker.folderOfSid('Xk3rLJaSzvAGbpxwAAAB')?.snapshot.value).toEqual({
      session: 'websocket',
    });
    tracker.dispose();
  });
});

describe('followLog', () => {
  it('delivers events already in the log, then each new batch, each event once', () => {
    const log = new EventLog();
    const script = new WireScript();
    script.connOpen('c1').connOpen('c2').connOpen('c3');
    log.append(script.events.slice(0, 2));
    const seen: number[][] = [];
    const stop = followLog(log, (batch) => seen.push(batch.map((e) => e.seq)));
    log.append(script.events.slice(1));
    stop();
    log.append([{ ...(script.events[2] as (typeof script.events)[number]), seq: 4 }]);
    expect(seen).toEqual([[1, 2], [3]]);
  });
});
