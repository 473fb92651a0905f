/**
 * The page's side of the mirror channel: one WebSocket at MIRROR_PATH. It receives `hello` and
 * control messages as JSON, and the capture as binary batches, which go (transferred) to the
 * dissector worker; the worker's WireEvents are appended to an EventLog at most once per animation
 * frame (never one notification per message). No React here: views bridge with useSyncExternalStore.
 */
import { EventLog } from '@/lib/mirror/event-log';
import type { ClientMessage, EdgeAction, ServerMessage } from '@/lib/mirror/protocol';
import { ADMISSION_PATH, type Admission } from '@/lib/mirror/protocol';
import type { WireEvent } from '@/lib/mirror/types';
import type { Scenario } from '@/lib/scenario/schema';
import type { CaptureFormat, FromDissector, ToDissector } from './dissect-protocol';
import type { CaptureDownload, EdgeState, MirrorNotice, MirrorStatus } from './mirror-types';

export type { CaptureDownload, EdgeState, MirrorNotice, MirrorStatus } from './mirror-types';
export { mirrorUrl, wsOrigin } from './mirror-types';

/** Past this many events the page releases its oldest (about 1 KB each with the views' folds). */
export const PAGE_EVENTS_KEPT = 100_000;

/** Above this event rate the log is handed to the views at most every BUSY_FLUSH_MS. */
const BUSY_EVENTS_PER_S = 1_500;
const BUSY_FLUSH_MS = 250;

type Listener = () => void;

export class MirrorClient {
  /**
   * The dissected events this page keeps: the newest PAGE_EVENTS_KEPT at most, so a long flood
   * cannot grow the page without bound (the worker keeps the raw capture for the download).
   */
  readonly log = new EventLog({ maxKept: PAGE_EVENTS_KEPT });
  private socket: WebSocket | null = null;
  private _status: MirrorStatus = { state: 'connecting' };
  private _notices: MirrorNotice[] = [];
  private _edgeScenario: Scenario | null = null;
  private _edge: EdgeState = { pending: false, error: null };
  private noticeId = 0;
  private pending: WireEvent[] = [];
  private pendingDropped = 0;
  private flushHandle: { kind: 'raf' | 'timeout'; id: number } | null = null;
  /** When the log last took a batch, and the event rate then (events/s, smoothed). */
  private lastFlushAt = 0;
  private eventRate = 0;
  private readonly listeners = new Set<Listener>();
  private disposed = false;
  /** The dissector worker: the capture is never parsed on this thread. */
  private worker: Worker | null = null;
  private exportId = 0;
  private readonly exports = new Map<
    number,
    { resolve: (file: CaptureDownload) => void; reject: (error: Error) => void }
  >();
  private _capturedBytes = 0;
  private _thinned = { frames: 0, bytes: 0 };

  /** WebSocket frames (and bytes) the server left out of this capture: its mirror budget. */
  get thinned(): { frames: number; bytes: number } {
    return this._thinned;
  }

  /** Bytes of raw capture received so far. */
  get capturedBytes(): number {
    return this._capturedBytes;
  }

  get status(): MirrorStatus {
    return this._status;
  }

  get notices(): readonly MirrorNotice[] {
    return this._notices;
  }

  /** The faults the edge says are in force (its echo of the last scenario sent), if any. */
  get edgeScenario(): Scenario | null {
    return this._edgeScenario;
  }

  /** Whether a scenario sent to the edge awaits its echo, and the last refusal (until an echo). */
  get edge(): EdgeState {
    return this._edge;
  }

  connect(url: string): void {
    if (this.socket || this.disposed) return;
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.startDissector();
    socket.addEventListener('message', (ev) => {
      if (typeof ev.data === 'string') this.onMessage(ev.data);
      else if (ev.data instanceof ArrayBuffer)
        this.toDissector({ type: 'batch', buf: ev.data }, [ev.data]);
    });
    socket.addEventListener('close', (ev) => {
      this.flush();
      if (this._status.state === 'connecting' && !this.disposed) this.explainRefusal(url);
      const session = this._status.state === 'open' ? this._status.session : undefined;
      this.setStatus({
        state: 'closed',
        code: ev.code,
        reason: ev.reason,
        ...(session ? { session } : {}),
      });
      this.socket = null;
    });
  }

  /** Sends a mirror-channel message. Returns false when the mirror is not open. */
  send(msg: ClientMessage): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(msg));
    return true;
  }

  /** Puts a labelled marker on the session's timeline. Returns false when the mirror is not open. */
  mark(label: string, detail?: string): boolean {
    return this.send(
      detail === undefined ? { type: 'mark', label } : { type: 'mark', label, detail },
    );
  }

  /** Asks the edge to apply this scenario's faults to the session's traffic. */
  sendScenario(scenario: Scenario): boolean {
    const sent = this.send({ type: 'scenario', scenario });
    if (sent) {
      this._edge = { pending: true, error: this._edge.error };
      this.emit();
    }
    return sent;
  }

  /** A one-shot fault (reset every lab connection, restart the lab node). */
  action(action: EdgeAction): boolean {
    return this.send({ type: 'action', action });
  }

  /** Replays a capture file offline (pcapng, pcap, HAR or Wire Lab JSON): no mirror, no session. */
  replay(bytes: ArrayBuffer, name: string): void {
    if (this.socket || this.disposed) return;
    this.startDissector();
    this.setStatus({ state: 'replay', name, format: null, records: 0, warnings: [] });
    this.toDissector({ type: 'import', buf: bytes, name }, [bytes]);
  }

  /** The capture so far as a file (made by the dissector from the raw records it kept). */
  exportCapture(format: CaptureFormat): Promise<CaptureDownload> {
    const status = this._status;
    const session = status.state === 'connecting' ? undefined : status.session;
    const id = ++this.exportId;
    return new Promise((resolve, reject) => {
      this.exports.set(id, { resolve, reject });
      this.toDissector({ type: 'export', id, format, session: session ?? 'session' });
    });
  }

  dispose(): void {
    this.disposed = true;
    this.worker?.terminate();
    this.worker = null;
    for (const pending of this.exports.values()) pending.reject(new Error('page left'));
    this.exports.clear();
    this.cancelFlush();
    this.socket?.close(1000, 'page left');
    this.socket = null;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /**
   * A browser never shows a refused handshake's status or body, so ask the server why a new page
   * would be refused (origin, per-client caps, server full, draining) and show that.
   */
  private explainRefusal(mirror: string): void {
    const url = new URL(ADMISSION_PATH, mirror.replace(/^ws/, 'http'));
    fetch(url, { cache: 'no-store' })
      .then((res) => res.json() as Promise<Admission>)
      .then((admission) => {
        if (!admission.ok && !this.disposed) {
          this.addNotice('limit', `The server refused this page's session: ${admission.message}`);
        }
      })
      .catch(() => {});
  }

  private setStatus(status: MirrorStatus): void {
    this._status = status;
    this.emit();
  }

  private addNotice(kind: MirrorNotice['kind'], message: string): void {
    this._notices = [...this._notices.slice(-4), { id: ++this.noticeId, kind, message }];
    this.emit();
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }

  private onMessage(text: string): void {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(text) as ServerMessage;
    } catch {
      this.addNotice('error', 'The mirror sent a message that is not JSON.');
      return;
    }
    switch (msg.type) {
      case 'hello':
        this.toDissector({
          type: 'hello',
          maxPayload: msg.limits.maxPayload,
          startEpochMs: msg.startedAt,
        });
        this.setStatus({
          state: 'open',
          session: msg.session,
          labBase: msg.labBase,
          limits: msg.limits,
        });
        break;
      case 'limit':
        this.addNotice('limit', msg.message);
        break;
      case 'draining':
        this.addNotice('draining', msg.message);
        break;
      case 'error':
        // The server refuses scenarios and actions with an error; show it next to the controls.
        this._edge = { pending: false, error: msg.message };
        this.addNotice('error', msg.message);
        break;
      case 'scenario':
        this._edgeScenario = msg.scenario;
        this._edge = { pending: false, error: null };
        this.emit();
        break;
      default:
        break;
    }
  }

  private startDissector(): void {
    if (typeof Worker === 'undefined') {
      this.addNotice(
        'error',
        'This browser has no Web Workers: the page cannot dissect the capture.',
      );
      return;
    }
    const worker = new Worker(new URL('./dissect.worker.ts', import.meta.url), {
      type: 'module',
      name: 'wire-lab dissector',
    });
    worker.addEventListener('message', (ev: MessageEvent<FromDissector>) =>
      this.fromDissector(ev.data),
    );
    worker.addEventListener('error', (ev) => {
      this.addNotice('error', `The page's dissector failed: ${ev.message}`);
    });
    this.worker = worker;
  }

  private toDissector(message: ToDissector, transfer: Transferable[] = []): void {
    this.worker?.postMessage(message, transfer);
  }

  private fromDissector(message: FromDissector): void {
    if (this.disposed) return;
    switch (message.type) {
      case 'events':
        for (const e of message.events) this.pending.push(e);
        this.pendingDropped += message.dropped;
        this._capturedBytes = message.capturedBytes;
        if (message.thinned.frames !== this._thinned.frames) {
          this._thinned = message.thinned;
          this.emit();
        }
        this.scheduleFlush();
        break;
      case 'error':
        this.addNotice(
          'error',
          `The mirror sent bytes the page could not read: ${message.message}`,
        );
        break;
      case 'imported':
        if (this._status.state === 'replay') {
          this.setStatus({
            ...this._status,
            format: message.format,
            records: message.records,
            warnings: message.warnings,
            ...(message.session === undefined ? {} : { session: message.session }),
          });
        }
        break;
      case 'import-error':
        if (this._status.state === 'replay')
          this.setStatus({ ...this._status, error: message.message });
        break;
      case 'export': {
        const pending = this.exports.get(message.id);
        this.exports.delete(message.id);
        pending?.resolve({ data: message.data, mime: message.mime, name: message.name });
        break;
      }
      case 'export-error': {
        const pending = this.exports.get(message.id);
        this.exports.delete(message.id);
        pending?.reject(new Error(message.message));
        break;
      }
    }
  }

  private scheduleFlush(): void {
    if (this.flushHandle) return;
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
    // Thousands of events a second: the views redraw a few times a second instead of every frame,
    // so the page keeps animating smoothly (every event still lands in the log, in order).
    const wait = BUSY_FLUSH_MS - (performance.now() - this.lastFlushAt);
    if (!hidden && this.eventRate > BUSY_EVENTS_PER_S && wait > 0) {
      this.flushHandle = { kind: 'timeout', id: window.setTimeout(() => this.flush(), wait) };
    } else if (!hidden && typeof requestAnimationFrame === 'function') {
      this.flushHandle = { kind: 'raf', id: requestAnimationFrame(() => this.flush()) };
    } else {
      // rAF does not run in background tabs; keep the log current at a slower pace.
      this.flushHandle = { kind: 'timeout', id: window.setTimeout(() => this.flush(), 200) };
    }
  }

  private cancelFlush(): void {
    const h = this.flushHandle;
    if (!h) return;
    if (h.kind === 'raf') cancelAnimationFrame(h.id);
    else clearTimeout(h.id);
    this.flushHandle = null;
  }

  private flush(): void {
    this.cancelFlush();
    if (this.pending.length === 0 && this.pendingDropped === 0) return;
    const batch = this.pending;
    const dropped = this.pendingDropped;
    this.pending = [];
    this.pendingDropped = 0;
    const now = performance.now();
    const seconds = Math.max(0.016, (now - this.lastFlushAt) / 1000);
    this.eventRate = 0.5 * this.eventRate + 0.5 * (batch.length / seconds);
    this.lastFlushAt = now;
    this.log.append(batch, dropped);
  }
}
