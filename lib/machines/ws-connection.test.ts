import { describe, expect, it } from 'vitest';
import { foldEvents } from './fold';
import { SAMPLE_ACCEPT, SAMPLE_KEY, WireScript, WS_PATH } from './test-fixtures';
import { toWsConnectionEvents, wsConnectionEventsFor, wsConnectionMachine } from './ws-connection';

function opened(script = new WireScript()): WireScript {
  script.connOpen('c1', WS_PATH);
  const req = script.wait(1).wsUpgradeRequest('c1', WS_PATH);
  script.wait(2).wsAccept('c1', req);
  return script;
}

function fold(script: WireScript, hop: 'browser-edge' | 'edge-node' = 'browser-edge') {
  return foldEvents(wsConnectionMachine, wsConnectionEventsFor(script.events, 'c1', hop));
}

describe('wsConnectionMachine', () => {
  it('goes idle → handshake.connecting → handshake.requestSent → open on a 101', () => {
    const s = opened();
    const { snapshot, transitions } = fold(s);
    expect(snapshot.value).toBe('open');
    expect(snapshot.hasTag('open')).toBe(true);
    expect(transitions.map((t) => `${t.from} → ${t.to}`)).toEqual([
      'idle → handshake.connecting',
      'handshake.connecting → handshake.requestSent',
      'handshake.requestSent → open',
    ]);
    expect(snapshot.context.request?.key).toBe(SAMPLE_KEY);
    expect(snapshot.context.request?.version).toBe('13');
    expect(snapshot.context.response?.accept).toBe(SAMPLE_ACCEPT);
    expect(snapshot.context.status).toBe(101);
  });

  it('counts messages, frames, pings and pongs in each direction while open', () => {
    const s = opened();
    s.wsText('c1', 'up', 'hello').wsText('c1', 'down', 'hello');
    s.wsText('c1', 'down', 'again').wsBinary('c1', 'up', new Uint8Array([1, 2, 3]));
    s.wsPing('c1', 'down', 'hb').wsPong('c1', 'up', 'hb');
    const { context } = fold(s).snapshot;
    expect(context).toMatchObject({
      messagesUp: 2,
      messagesDown: 2,
      framesUp: 3,
      framesDown: 3,
      pingsDown: 1,
      pongsUp: 1,
      pingsUp: 0,
      pongsDown: 0,
    });
    // 'hello' up: 2-byte header + 4-byte mask + 5 payload bytes.
    expect(context.bytesUp).toBe(11 + (2 + 4 + 3) + (2 + 4 + 2));
    expect(context.bytesDown).toBe(7 + 7 + (2 + 2));
  });

  it('counts a fragmented message once, on its final frame', () => {
    const s = opened();
    const enc = new TextEncoder();
    s.frame('c1', 'up', 'text', enc.encode('hel'), { fin: false });
    s.frame('c1', 'up', 'continuation', enc.encode('lo'), {
      message: { text: 'hello', frames: 2 },
    });
    const { context } = fold(s).snapshot;
    expect(context.framesUp).toBe(2);
    expect(context.messagesUp).toBe(1);
  });

  it('ends closed and clean, closed by the client with 1000, after a full close handshake', () => {
    const s = opened();
    s.wsText('c1', 'up', 'bye?').wsClose('c1', 'up', 1000, 'done');
    s.wait(1).wsClose('c1', 'down', 1000, 'done').connClose('c1', 'end', 'server');
    const { snapshot, transitions } = fold(s);
    expect(snapshot.value).toBe('closed');
    expect(snapshot.status).toBe('done');
    expect(snapshot.hasTag('terminal')).toBe(true);
    expect(snapshot.context).toMatchObject({
      closedBy: 'client',
      code: 1000,
      reason: 'done',
      reportedCode: 1000,
      clean: true,
    });
    expect(snapshot.context.closeFrames.map((f) => f.from)).toEqual(['client', 'server']);
    expect(transitions.slice(-3).map((t) => t.to)).toEqual([
      'closing.initiated',
      'closing.acknowledged',
      'closed',
    ]);
  });

  it('records the server as the closer when the server sends the first close frame', () => {
    const s = opened();
    s.wsClose('c1', 'down', 1001, 'going away').wsClose('c1', 'up', 1001);
    s.connClose('c1', 'end', 'server');
    const { context } = fold(s).snapshot;
    expect(context).toMatchObject({
      closedBy: 'server',
      code: 1001,
      reason: 'going away',
      clean: true,
    });
  });

  it('stays in closing.initiated when the same side sends a second close frame', () => {
    const s = opened();
    s.wsClose('c1', 'up', 1000).wsClose('c1', 'up', 1000);
    expect(fold(s).snapshot.value).toEqual({ closing: 'initiated' });
  });

  it('reports 1005 when the close frame carries no code', () => {
    const s = opened();
    s.wsClose('c1', 'up').wsClose('c1', 'down').connClose('c1', 'end', 'server');
    const { context } = fold(s).snapshot;
    expect(context.code).toBeUndefined();
    expect(context.reportedCode).toBe(1005);
    expect(context.clean).toBe(true);
  });

  it('ends closed but unclean when TCP closes after a close frame that got no reply', () => {
    const s = opened();
    s.wsClose('c1', 'down', 1011, 'oops').connClose('c1', 'end', 'server');
    const { snapshot } = fold(s);
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context).toMatchObject({ closedBy: 'server', code: 1011, clean: false });
  });

  it('ends closed and unclean with 1006 when TCP is reset while open', () => {
    const s = opened();
    s.wsText('c1', 'down', 'tick').connClose('c1', 'reset', 'edge');
    const { snapshot } = fold(s);
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context).toMatchObject({
      clean: false,
      closedBy: 'edge',
      reportedCode: 1006,
      tcpClose: { how: 'reset', by: 'edge' },
    });
    expect(snapshot.context.code).toBeUndefined();
    expect(snapshot.context.closeFrames).toEqual([]);
  });

  it('fails with status 426 when the server rejects the WebSocket version', () => {
    const s = new WireScript();
    s.connOpen('c1', WS_PATH);
    const req = s.wsUpgradeRequest('c1', WS_PATH);
    s.response('c1', 426, 'Upgrade Required', [['Sec-WebSocket-Version', '13']], req);
    s.body('c1', 'down', 'Upgrade Required');
    s.connClose('c1', 'end', 'server');
    const { snapshot } = fold(s);
    expect(snapshot.value).toBe('failed');
    expect(snapshot.hasTag('failed')).toBe(true);
    expect(snapshot.context.status).toBe(426);
    expect(snapshot.context.response?.version).toBe('13');
    expect(snapshot.context.failure).toContain('426');
  });

  it('explains the failure on the node hop when a proxy stripped the Upgrade header', () => {
    const s = new WireScript({ hop: 'edge-node' });
    s.connOpen('c1', WS_PATH);
    const req = s.request('c1', 'GET', WS_PATH, [['Sec-WebSocket-Key', SAMPLE_KEY]]);
    s.response('c1', 426, 'Upgrade Required', [], req);
    const { snapshot } = fold(s, 'edge-node');
    expect(snapshot.value).toBe('failed');
    expect(snapshot.context.request?.upgrade).toBe(false);
    expect(snapshot.context.failure).toMatch(/no Upgrade: websocket header/);
  });

  it('fails with status 403 when the origin is refused', () => {
    const s = new WireScript();
    const req = s.wsUpgradeRequest('c1', WS_PATH);
    s.response('c1', 403, 'Forbidden', [], req);
    const { snapshot } = fold(s);
    expect(snapshot.value).toBe('failed');
    expect(snapshot.context.status).toBe(403);
  });

  it('fails without a status when TCP closes before any response', () => {
    const s = new WireScript();
    s.connOpen('c1', WS_PATH);
    s.wsUpgradeRequest('c1', WS_PATH);
    s.wait(60_000).connClose('c1', 'reset', 'edge');
    const { snapshot } = fold(s);
    expect(snapshot.value).toBe('failed');
    expect(snapshot.context.status).toBeUndefined();
    expect(snapshot.context.failure).toMatch(/before a 101/);
  });

  it('folds each hop separately: the node can close while the browser hop stays open', () => {
    const s = opened(new WireScript({ bothHops: true }));
    s.wsText('c1', 'up', 'x');
    // Only the edge-node hop sees the server's close and FIN.
    s.events.push({
      ...(s.events.at(-1) as (typeof s.events)[number]),
      kind: 'conn-close',
      seq: s.lastSeq + 1,
      hop: 'edge-node',
      dir: 'down',
      how: 'end',
      by: 'server',
    } as (typeof s.events)[number]);
    expect(fold(s, 'browser-edge').snapshot.value).toBe('open');
    expect(fold(s, 'edge-node').snapshot.value).toBe('closed');
  });

  it('counts protocol errors while open', () => {
    const s = opened();
    s.protocolError('c1', 'down', 'RSV2 set without a negotiated extension');
    const { context } = fold(s).snapshot;
    expect(context.protocolErrors).toBe(1);
    expect(context.lastProtocolError).toMatch(/RSV2/);
  });
});

describe('toWsConnectionEvents', () => {
  it('maps a request without Upgrade to a handshake request marked upgrade: false', () => {
    const s = new WireScript();
    s.request('c1', 'GET', WS_PATH);
    expect(toWsConnectionEvents(s.events[0] as (typeof s.events)[number])).toMatchObject([
      { type: 'HANDSHAKE_REQUEST', method: 'GET', target: WS_PATH, upgrade: false },
    ]);
  });

  it('maps a client close frame to CLOSE_FRAME from the client with code and reason', () => {
    const s = new WireScript();
    s.wsClose('c1', 'up', 1000, 'bye');
    const [event] = toWsConnectionEvents(s.events[0] as (typeof s.events)[number]);
    expect(event).toMatchObject({ type: 'CLOSE_FRAME', from: 'client', code: 1000, reason: 'bye' });
    // 2-byte header + 4-byte mask + 2-byte code + 'bye'.
    expect(event).toMatchObject({ wireBytes: 11 });
  });
});
