/**
 * Simulated clients (sim-clients.ts):
 *   POST   /lab/<s>/clients?n=N&transport=websocket|polling&rooms=a,b&reconnect=0|1&jitter=0..1
 *          → 201 {started:[SimInfo], running, cap}; over the cap → 429 naming it
 *   GET    /lab/<s>/clients → 200 {clients:[SimInfo], cap}
 *   DELETE /lab/<s>/clients → 200 {stopped}
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientsList, ClientsStarted, ClientsStopped } from '../../lib/lab/endpoints';
import { Params, sendError, sendJson, sendText } from './params';
import { SIM_BUDGET, SIM_CAP, SIM_TRANSPORTS, SimClients } from './sim-clients';

export const SIM_ROOM_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;
export const SIM_MAX_ROOMS = 10;

export function handleClients(
  req: IncomingMessage,
  res: ServerResponse,
  sims: SimClients,
  socketIoPath: string,
  edgeOrigin: string | null,
): void {
  const params = Params.of(req.url);
  if (req.method === 'GET' || req.method === 'DELETE') {
    params.rejectUnknown();
    if (params.error !== null) {
      sendError(res, 400, params.error);
      return;
    }
    if (req.method === 'GET') {
      sendJson(res, 200, { clients: sims.list(), cap: SIM_CAP } satisfies ClientsList);
      return;
    }
    sendJson(res, 200, { stopped: sims.stopAll() } satisfies ClientsStopped);
    return;
  }
  if (req.method !== 'POST') {
    sendText(res, 405, 'use GET, POST or DELETE\n', { Allow: 'GET, POST, DELETE' });
    return;
  }
  const n = params.int('n', 1, SIM_CAP, 1);
  const transport = params.oneOf('transport', SIM_TRANSPORTS, 'websocket');
  const rooms = params.list(
    'rooms',
    SIM_ROOM_PATTERN,
    '1-40 characters from A-Z a-z 0-9 _ . -',
    SIM_MAX_ROOMS,
  );
  const reconnect = params.bool('reconnect', true);
  const jitter = params.number('jitter', 0, 1, 0.5);
  params.rejectUnknown();
  if (params.error !== null) {
    sendError(res, 400, params.error);
    return;
  }
  if (n > sims.free) {
    sendError(
      res,
      429,
      `simulated client cap is ${SIM_CAP} per session: ${sims.size} running, ${n} more asked; stop them with DELETE on this path`,
    );
    return;
  }
  if (n > SimClients.budgetFree) {
    sendError(
      res,
      503,
      `the server runs at most ${SIM_BUDGET.max} simulated clients for all learners together and ${SIM_BUDGET.running} are running; ask for ${SimClients.budgetFree} or fewer, or retry in a minute`,
    );
    return;
  }
  if (edgeOrigin === null) {
    sendError(
      res,
      503,
      "simulated clients connect through the edge, but this lab node does not know the edge's local address (the request's Host is not a loopback address and none was configured)",
    );
    return;
  }
  const started = sims.start({
    origin: edgeOrigin,
    path: socketIoPath,
    n,
    transport,
    rooms,
    reconnect,
    jitter,
  });
  sendJson(res, 201, { started, running: sims.size, cap: SIM_CAP } satisfies ClientsStarted);
}
