import { describe, expect, it } from 'vitest';
import { defaultUpgrade, upgradeBlocked, websocketOnly } from './eio-scenarios';
import { countRoundTripsToFirstMessage } from './round-trips';
import { EIO_SID, eioTarget, openPacket, WireScript } from './test-fixtures';

function seqOfText(script: WireScript, text: string): number | undefined {
  return script.events.find((e) => e.kind === 'ws-frame' && e.message?.text === text)?.seq;
}

describe('countRoundTripsToFirstMessage', () => {
  it('counts five round trips on the default path: the poll held during the probe overlaps it', () => {
    const script = defaultUpgrade();
    const result = countRoundTripsToFirstMessage(script.events);
    expect(result.steps[0]?.label).toMatch(/^GET polling handshake → 200 OK: 0\{"sid":"Xk3r.*…$/);
    expect(result.steps.slice(1).map((s) => [s.round, s.label])).toEqual([
      [2, 'POST polling → 200 OK'],
      [3, 'GET polling → 200 OK: 40{"sid":"oSO0OpakMV_3jnilAAAA"}'],
      [4, 'WebSocket upgrade GET (probe) → 101 Switching Protocols'],
      [5, 'probe: 2probe → 3probe'],
      // Sent alongside the upgrade GET, answered (noop) after 3probe: no round trip of its own.
      [4, 'GET polling → 200 OK: 6'],
    ]);
    expect(result.roundTrips).toBe(5);
    expect(result.firstMessageSeq).toBe(seqOfText(script, '42["welcome",{"n":1}]'));
  });

  it('counts two exchanges with transports: [websocket]', () => {
    const script = websocketOnly();
    const result = countRoundTripsToFirstMessage(script.events);
    expect(result.steps.map((s) => s.label)).toEqual([
      'WebSocket handshake GET → 101 Switching Protocols',
      'Socket.IO CONNECT over WebSocket: 40 → 40{"sid":"oSO0OpakMV_3jnilAAAA"}',
    ]);
    expect(result.roundTrips).toBe(2);
    expect(result.firstMessageSeq).toBe(seqOfText(script, '42["welcome",{"n":1}]'));
  });

  it('counts the exchange whose response carries the first message when polling is kept', () => {
    const script = upgradeBlocked();
    const result = countRoundTripsToFirstMessage(script.events);
    expect(result.roundTrips).toBe(5);
    expect(result.steps.at(-2)?.label).toBe('WebSocket upgrade GET (probe) → 400 Bad Request');
    expect(result.steps.at(-1)?.label).toBe('GET polling → 200 OK: 42["welcome",{"n":1}]');
    const last = script.events.at(-1);
    expect(result.firstMessageSeq).toBe(last?.seq);
  });

  it('counts three exchanges when the server emits in the same poll as the CONNECT answer', () => {
    const s = new WireScript();
    s.pollGet('c1', eioTarget('polling'), [openPacket()]);
    s.pollPost('c1', eioTarget('polling', EIO_SID), ['40']);
    s.pollGet('c2', eioTarget('polling', EIO_SID), ['40{"sid":"x"}', '42["welcome"]']);
    const result = countRoundTripsToFirstMessage(s.events);
    expect(result.roundTrips).toBe(3);
    expect(result.firstMessageSeq).toBe(s.lastSeq);
  });

  it('counts a POST and a long-poll GET in flight together on two connections as one round trip', () => {
    const s = new WireScript();
    s.pollGet('c1', eioTarget('polling'), [openPacket()]);
    const post = s.request('c1', 'POST', eioTarget('polling', EIO_SID));
    s.body('c1', 'up', '40', true);
    const poll = s.request('c2', 'GET', eioTarget('polling', EIO_SID));
    s.wait(1).response('c1', 200, 'OK', [], post);
    s.body('c1', 'down', 'ok');
    s.wait(1).response('c2', 200, 'OK', [], poll);
    s.body('c2', 'down', '40{"sid":"x"}\x1e42["welcome"]', true);
    const result = countRoundTripsToFirstMessage(s.events);
    expect(result.steps.map((x) => x.round)).toEqual([1, 2, 2]);
    expect(result.roundTrips).toBe(2);
    expect(result.firstMessageSeq).toBe(s.lastSeq);
  });

  it('does not count a client emit as the first message', () => {
    const s = websocketOnly();
    const upOnly = s.events.filter(
      (e) => !(e.kind === 'ws-frame' && e.dir === 'down' && e.message?.text?.startsWith('42')),
    );
    const result = countRoundTripsToFirstMessage(upOnly);
    expect(result.firstMessageSeq).toBeUndefined();
    expect(result.roundTrips).toBe(2);
  });

  it('ignores traffic that is not Engine.IO and the edge-node hop', () => {
    const s = new WireScript({ bothHops: true });
    const page = s.request('c9', 'GET', '/lab/x/ws');
    s.response('c9', 200, 'OK', [], page);
    const result = countRoundTripsToFirstMessage([...s.events, ...websocketOnly().events]);
    expect(result.roundTrips).toBe(2);
  });
});
