import { describe, expect, it } from 'vitest';
import { chartOf } from './chart';
import { defaultUpgrade, probeReset, upgradeBlocked, websocketOnly } from './eio-scenarios';
import { EngineIoEventMapper, engineIoSessionsOf, toEngineIoEvents } from './engineio-mapper';
import { engineIoTransportMachine } from './engineio-transport';
import { foldEvents } from './fold';
import { EIO_SID, eioTarget, openPacket, WireScript } from './test-fixtures';

function foldOnly(script: WireScript, options: { upToT?: number } = {}) {
  const sessions = engineIoSessionsOf(script.events);
  expect(sessions).toHaveLength(1);
  const session = sessions[0];
  if (session === undefined) throw new Error('no session');
  return { session, ...foldEvents(engineIoTransportMachine, session.events, options) };
}

describe('engineIoTransportMachine', () => {
  it('follows the default upgrade: polling → probing → upgrading → websocket, with the sid', () => {
    const { session, snapshot, transitions } = foldOnly(defaultUpgrade());
    expect(session.sid).toBe(EIO_SID);
    expect(session.initialTransport).toBe('polling');
    expect(snapshot.value).toEqual({ session: 'websocket' });
    expect(transitions.map((t) => t.to)).toEqual([
      'session.handshaking',
      'session.polling',
      'session.probing',
      'session.upgrading',
      'session.websocket',
    ]);
    expect(snapshot.context).toMatchObject({
      sid: EIO_SID,
      upgrades: ['websocket'],
      pingInterval: 25000,
      pingTimeout: 20000,
      maxPayload: 1000000,
      pollGets: 3,
      pollPosts: 1,
      pollFlushed: true,
      probeFailed: 0,
      probeConn: 'c3',
    });
    expect(snapshot.hasTag('websocket')).toBe(true);
  });

  it('counts messages per direction and per transport', () => {
    const { context } = foldOnly(defaultUpgrade()).snapshot;
    // 40 up over polling, 40{sid} down over polling, welcome down and chat up over the WebSocket.
    expect(context).toMatchObject({
      messagesUp: 2,
      messagesDown: 2,
      messagesOverPolling: 2,
      messagesOverWebSocket: 2,
    });
  });

  it('is in upgrading, waiting for the noop, right after 3probe', () => {
    const script = defaultUpgrade();
    const threeProbe = script.events.find(
      (e) => e.kind === 'ws-frame' && e.message?.text === '3probe',
    );
    const { snapshot } = foldOnly(script, { upToT: threeProbe?.t ?? 0 });
    expect(snapshot.value).toEqual({ session: 'upgrading' });
    expect(snapshot.context.pollFlushed).toBe(false);
  });

  it('goes back to polling with a probeFailed count when the upgrade GET is refused', () => {
    const { snapshot, transitions } = foldOnly(upgradeBlocked());
    expect(snapshot.value).toEqual({ session: 'polling' });
    expect(snapshot.context.probeFailed).toBe(1);
    expect(snapshot.context.lastProbeFailure).toMatch(/400/);
    expect(transitions.slice(-2).map((t) => t.to)).toEqual(['session.probing', 'session.polling']);
    // The app still works over polling.
    expect(snapshot.context.messagesDown).toBe(2);
  });

  it('goes back to polling when the probe WebSocket is reset before the upgrade', () => {
    const { snapshot } = foldOnly(probeReset());
    expect(snapshot.value).toEqual({ session: 'polling' });
    expect(snapshot.context.probeFailed).toBe(1);
    expect(snapshot.context.lastProbeFailure).toMatch(/reset/);
  });

  it('opens straight on the WebSocket with transports: [websocket]', () => {
    const { session, snapshot, transitions } = foldOnly(websocketOnly());
    expect(session.initialTransport).toBe('websocket');
    expect(transitions.map((t) => t.to)).toEqual(['session.handshaking', 'session.websocket']);
    expect(snapshot.context).toMatchObject({
      sid: EIO_SID,
      upgrades: [],
      initialTransport: 'websocket',
      pollGets: 0,
      pings: 1,
      pongs: 1,
    });
  });

  it('closes on a close packet', () => {
    const s = defaultUpgrade();
    s.wsText('c3', 'up', '1', true);
    const { snapshot } = foldOnly(s);
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context.closeReason).toMatch(
      /close packet \(1\) from the client over websocket/,
    );
  });

  it('closes when the upgraded WebSocket closes', () => {
    const s = defaultUpgrade();
    s.connClose('c3', 'reset', 'edge');
    const { snapshot } = foldOnly(s);
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context.closeReason).toMatch(/websocket transport closed/);
  });

  it('stays open when a keep-alive connection closes after its POST was answered', () => {
    const s = new WireScript();
    s.pollGet('c1', eioTarget('polling'), [openPacket()]);
    s.pollPost('c2', eioTarget('polling', EIO_SID), ['42["x"]']);
    s.connClose('c2', 'end', 'client');
    expect(foldOnly(s).snapshot.value).toEqual({ session: 'polling' });
  });

  it('closes when TCP closes under a pending long-poll GET', () => {
    const s = new WireScript();
    s.pollGet('c1', eioTarget('polling'), [openPacket()]);
    s.request('c2', 'GET', eioTarget('polling', EIO_SID));
    s.wait(30_000).connClose('c2', 'reset', 'edge');
    const { snapshot } = foldOnly(s);
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context.closeReason).toMatch(/pending GET/);
  });

  it('closes with the status when a poll is refused (no sticky session: 400)', () => {
    const s = new WireScript();
    s.pollGet('c1', eioTarget('polling'), [openPacket()]);
    const req = s.request('c2', 'GET', eioTarget('polling', EIO_SID));
    s.response('c2', 400, 'Bad Request', [], req);
    s.body('c2', 'down', '{"code":1,"message":"Session ID unknown"}');
    const { snapshot } = foldOnly(s);
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context.errorStatus).toBe(400);
  });

  it('draws every state of the machine in its chart', () => {
    const chart = chartOf(engineIoTransportMachine);
    expect(chart.nodes.map((n) => n.key)).toEqual([
      'idle',
      'session',
      'handshaking',
      'polling',
      'probing',
      'upgrading',
      'websocket',
      'closed',
    ]);
    const moves = chart.edges.filter((e) => !e.targetless).map((e) => `${e.source}→${e.target}`);
    expect(moves).toContain('eio.session.probing→eio.session.polling');
    expect(moves).toContain('eio.session→eio.closed');
  });
});

describe('EngineIoEventMapper', () => {
  it('ignores the other hop', () => {
    const sessions = engineIoSessionsOf(defaultUpgrade({ bothHops: true }).events, 'browser-edge');
    const single = engineIoSessionsOf(defaultUpgrade().events, 'browser-edge');
    expect(sessions.map((s) => s.events.map((e) => e.event.type))).toEqual(
      single.map((s) => s.events.map((e) => e.event.type)),
    );
  });

  it('folds the edge-node hop the same way', () => {
    const [session] = engineIoSessionsOf(defaultUpgrade({ bothHops: true }).events, 'edge-node');
    const { snapshot } = foldEvents(engineIoTransportMachine, session?.events ?? []);
    expect(snapshot.value).toEqual({ session: 'websocket' });
  });

  it('names sessions in order and learns the sid from the open packet', () => {
    const s = new WireScript();
    const mapper = new EngineIoEventMapper();
    const req = s.request('c1', 'GET', eioTarget('polling'));
    const [handshake] = mapper.push(s.events[0] as (typeof s.events)[number]);
    expect(handshake).toMatchObject({
      session: 'e1',
      seq: req,
      event: { type: 'HANDSHAKE_REQUEST' },
    });
    expect(mapper.sessions[0]?.sid).toBeUndefined();
    s.response('c1', 200, 'OK', [], req);
    s.body('c1', 'down', openPacket('abc'), true);
    for (const e of s.events.slice(1)) mapper.push(e);
    expect(mapper.sessions).toEqual([
      { session: 'e1', sid: 'abc', firstSeq: req, initialTransport: 'polling' },
    ]);
    expect(mapper.sessionOfSid('abc')).toBe('e1');
  });

  it('maps a polling body to one event per packet', () => {
    const s = new WireScript();
    s.body('c1', 'down', '42["a"]\x1e42["b"]\x1e2', true);
    // Without a request on the connection the mapper cannot tell the session: nothing.
    expect(toEngineIoEvents(s.events[0] as (typeof s.events)[number])).toEqual([]);
  });

  it('does not treat a plain HTTP request as Engine.IO', () => {
    const s = new WireScript();
    s.request('c1', 'GET', '/lab/x/ws');
    expect(toEngineIoEvents(s.events[0] as (typeof s.events)[number])).toEqual([]);
  });
});
