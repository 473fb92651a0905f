/**
 * Simulated clients: real `socket.io-client` instances run by the server for lessons that need
 * many clients (rooms fan-out, reconnect herds). They connect to the edge's own address, exactly
 * like the browser, so their traffic is tapped and shown the same way. They belong to the lab node
 * (not its listening server): they survive a lab node restart (and reconnect, as real clients
 * would) and are closed when the session ends.
 *
 * Each client joins its rooms on every connect (so a reconnect rejoins them), and records the last
 * connect error. At most SIM_CAP per session.
 */
import { io } from 'socket.io-client';
import { liveAdd, liveRemove } from '../live-resources';

export const SIM_CAP = 50;

/**
 * Simulated clients running in this process across all sessions: one request may start 50, so
 * the server caps their sum too (each is two sockets through the edge plus a client's timers).
 */
export const SIM_BUDGET = { max: 400, running: 0 };

import type { SimInfo, SimTransport } from '../../lib/lab/endpoints';
import type { LabClientSocket } from '../../lib/lab/socketio-events';

export { SIM_TRANSPORTS, type SimInfo, type SimTransport } from '../../lib/lab/endpoints';

export interface SimOptions {
  /** The edge's origin, e.g. http://127.0.0.1:3000. */
  origin: string;
  /** Socket.IO path (through the edge): /lab/<s>/socket.io/ */
  path: string;
  n: number;
  transport: SimTransport;
  rooms: string[];
  /** Reconnect after a drop (socket.io-client's backoff: 1 s doubling to 5 s, ± jitter). */
  reconnect: boolean;
  /** socket.io-client randomizationFactor, 0-1. */
  jitter: number;
}

interface Sim {
  id: string;
  socket: LabClientSocket;
  transport: SimTransport;
  rooms: string[];
  connects: number;
  error: string | null;
}

export class SimClients {
  private readonly sims = new Map<string, Sim>();
  private counter = 0;

  /** Room left under the cap. */
  get free(): number {
    return SIM_CAP - this.sims.size;
  }

  /** Room left in the process-wide budget. */
  static get budgetFree(): number {
    return SIM_BUDGET.max - SIM_BUDGET.running;
  }

  /** Headers every simulated client sends (the session's key cookie). */
  headers: Record<string, string> = {};

  get size(): number {
    return this.sims.size;
  }

  /** Starts `n` clients (the caller has checked the cap). */
  start(options: SimOptions): SimInfo[] {
    const started: Sim[] = [];
    for (let i = 0; i < options.n; i += 1) {
      this.counter += 1;
      const id = `sim${this.counter}`;
      const socket: LabClientSocket = io(options.origin, {
        path: options.path,
        transports: [options.transport],
        forceNew: true,
        reconnection: options.reconnect,
        randomizationFactor: options.jitter,
        timeout: 10_000,
        // The session's key: the edge answers only requests that carry it.
        extraHeaders: this.headers,
      });
      const sim: Sim = {
        id,
        socket,
        transport: options.transport,
        rooms: options.rooms,
        connects: 0,
        error: null,
      };
      socket.on('connect', () => {
        sim.connects += 1;
        sim.error = null;
        for (const room of sim.rooms) socket.emit('join', room);
      });
      socket.on('connect_error', (error: Error) => {
        sim.error = error.message;
      });
      this.sims.set(id, sim);
      SIM_BUDGET.running += 1;
      liveAdd('simClients');
      started.push(sim);
    }
    return started.map(info);
  }

  list(): SimInfo[] {
    return [...this.sims.values()].map(info);
  }

  /** Closes every client; returns how many there were. */
  stopAll(): number {
    const count = this.sims.size;
    for (const sim of this.sims.values()) {
      sim.socket.removeAllListeners();
      sim.socket.io.removeAllListeners();
      sim.socket.close();
    }
    this.sims.clear();
    SIM_BUDGET.running -= count;
    liveRemove('simClients', count);
    return count;
  }
}

function info(sim: Sim): SimInfo {
  return {
    id: sim.id,
    transport: sim.transport,
    rooms: sim.rooms,
    connected: sim.socket.connected,
    sid: sim.socket.id ?? null,
    connects: sim.connects,
    error: sim.error,
  };
}
