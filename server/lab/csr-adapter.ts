/**
 * socket.io-adapter's SessionAwareAdapter (the in-memory adapter behind connection state recovery)
 * starts a 60 s sweep interval in its constructor and never clears it: its close() is the base
 * Adapter's no-op (socket.io-adapter 2.5.8 and 2.5.9). The interval's closure holds the adapter,
 * so every namespace of every CSR server ever made stays reachable — and through it the Socket.IO
 * server, its http.Server and the lab node behind it: a leak per session and per lab node restart.
 *
 * This subclass keeps the interval the constructor makes (by handing the constructor a recording
 * setInterval for that one synchronous call) and clears it in close(), which Socket.IO's
 * Server#close() calls for every namespace. Everything else is the library's.
 */
import type { Namespace } from 'socket.io';
import { SessionAwareAdapter } from 'socket.io-adapter';
import { liveAdd, liveRemove } from '../live-resources';

type SetInterval = typeof globalThis.setInterval;

/** Makes global setInterval record the handles it returns until stop() is called. */
function recordIntervals(): { handles: NodeJS.Timeout[]; stop(): void } {
  const original = globalThis.setInterval;
  const handles: NodeJS.Timeout[] = [];
  globalThis.setInterval = ((...args: Parameters<SetInterval>) => {
    const handle = original(...args);
    handles.push(handle);
    return handle;
  }) as SetInterval;
  return {
    handles,
    stop: () => {
      globalThis.setInterval = original;
    },
  };
}

/** Give it to `new Server({ adapter })` together with connectionStateRecovery. */
export class ClosableSessionAwareAdapter extends SessionAwareAdapter {
  private sweeps: NodeJS.Timeout[];

  constructor(nsp: Namespace) {
    // The constructor is synchronous: only its own setInterval calls are recorded.
    const recorder = recordIntervals();
    try {
      super(nsp);
    } finally {
      recorder.stop();
    }
    this.sweeps = recorder.handles;
    liveAdd('adapterSweeps', this.sweeps.length);
  }

  override close(): void {
    for (const handle of this.sweeps) clearInterval(handle);
    liveRemove('adapterSweeps', this.sweeps.length);
    this.sweeps = [];
    super.close();
  }
}
