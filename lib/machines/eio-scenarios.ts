/**
 * Test scenarios: Engine.IO v4 / Socket.IO v5 traffic as socket.io-client 4 and a socket.io 4 server
 * put it on the browser-edge hop, built with `WireScript`. Sequences follow socket.io's
 * docs/engine.io-protocol/v4-current.md and what the client does: after the polling handshake it
 * POSTs the Socket.IO CONNECT (`40`), starts a long-poll GET and opens the probe WebSocket at once.
 */
import { EIO_SID, eioTarget, openPacket, WireScript } from './test-fixtures';

export const SIO_SID = 'oSO0OpakMV_3jnilAAAA';
const CONNECTED = `40{"sid":"${SIO_SID}"}`;
const WELCOME = '42["welcome",{"n":1}]';

/** Default transports ['polling', 'websocket']: handshake over polling, then the upgrade. */
export function defaultUpgrade(options: { bothHops?: boolean } = {}): WireScript {
  const s = new WireScript(options);
  s.connOpen('c1', eioTarget('polling'));
  s.pollGet('c1', eioTarget('polling', undefined, 'PQa01'), [openPacket()], 3); // round trip 1
  s.wait(1).pollPost('c1', eioTarget('polling', EIO_SID, 'PQa02'), ['40'], 2); // 2
  s.connOpen('c2', eioTarget('polling', EIO_SID));
  s.pollGet('c2', eioTarget('polling', EIO_SID, 'PQa03'), [CONNECTED], 1); // 3
  s.connOpen('c3', eioTarget('websocket', EIO_SID));
  const upgrade = s.wsUpgradeRequest('c3', eioTarget('websocket', EIO_SID));
  const poll = s.request('c2', 'GET', eioTarget('polling', EIO_SID, 'PQa04')); // long poll, pending
  s.wait(2).wsAccept('c3', upgrade); // 4
  s.wait(1).wsText('c3', 'up', '2probe', true);
  s.wait(1).wsText('c3', 'down', '3probe', true); // 5
  s.wait(1).response('c2', 200, 'OK', [['Content-Type', 'text/plain; charset=UTF-8']], poll); // 6
  s.body('c2', 'down', '6', true);
  s.wait(1).wsText('c3', 'up', '5', true);
  s.wait(5).wsText('c3', 'down', WELCOME, true);
  s.wait(10).wsText('c3', 'up', '42["chat",{"msg":"hello"}]', true);
  return s;
}

/** transports: ['websocket']: the handshake happens on the WebSocket itself. */
export function websocketOnly(): WireScript {
  const s = new WireScript();
  s.connOpen('c1', eioTarget('websocket'));
  const req = s.wsUpgradeRequest('c1', eioTarget('websocket'));
  s.wait(2).wsAccept('c1', req); // round trip 1
  s.wsText('c1', 'down', openPacket(EIO_SID, []), true);
  s.wait(1).wsText('c1', 'up', '40', true);
  s.wait(1).wsText('c1', 'down', CONNECTED, true); // 2
  s.wait(5).wsText('c1', 'down', WELCOME, true);
  s.wait(25_000).wsText('c1', 'down', '2', true).wsText('c1', 'up', '3', true);
  return s;
}

/** A proxy strips Upgrade: the probe GET is answered 400 and the session stays on polling. */
export function upgradeBlocked(): WireScript {
  const s = new WireScript();
  s.connOpen('c1', eioTarget('polling'));
  s.pollGet('c1', eioTarget('polling', undefined, 'PQb01'), [openPacket()], 3);
  s.wait(1).pollPost('c1', eioTarget('polling', EIO_SID, 'PQb02'), ['40'], 2);
  s.connOpen('c2', eioTarget('polling', EIO_SID));
  s.pollGet('c2', eioTarget('polling', EIO_SID, 'PQb03'), [CONNECTED], 1);
  s.connOpen('c3', eioTarget('websocket', EIO_SID));
  const upgrade = s.wsUpgradeRequest('c3', eioTarget('websocket', EIO_SID));
  s.wait(2).response('c3', 400, 'Bad Request', [['Content-Type', 'application/json']], upgrade);
  s.body('c3', 'down', '{"code":3,"message":"Bad request"}');
  s.connClose('c3', 'end', 'server');
  s.wait(4).pollGet('c2', eioTarget('polling', EIO_SID, 'PQb04'), [WELCOME], 0);
  return s;
}

/** The probe WebSocket opens but is reset before `5` (a blackhole after 101, for instance). */
export function probeReset(): WireScript {
  const s = new WireScript();
  s.connOpen('c1', eioTarget('polling'));
  s.pollGet('c1', eioTarget('polling', undefined, 'PQc01'), [openPacket()], 3);
  s.connOpen('c3', eioTarget('websocket', EIO_SID));
  const upgrade = s.wsUpgradeRequest('c3', eioTarget('websocket', EIO_SID));
  s.wait(2).wsAccept('c3', upgrade);
  s.wait(1).wsText('c3', 'up', '2probe', true);
  s.wait(1).connClose('c3', 'reset', 'edge');
  return s;
}
