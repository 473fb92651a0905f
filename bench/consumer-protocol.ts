/**
 * Messages between the bench and a mirror consumer thread (bench/consumer.ts ↔
 * bench/consumer-worker.ts).
 */
import type { SessionLimits } from '../lib/mirror/protocol';

export interface ConsumerStats {
  /** WebSocket messages and their payload bytes received on the mirror (batches + JSON). */
  messages: number;
  bytes: number;
  batches: number;
  /** Payload bytes of the binary batches alone (what the server counts as mirror sentBytes). */
  batchBytes: number;
  records: number;
  /** Bytes that crossed each hop, per the records (bytes records' data + elided lengths). */
  browserBytes: number;
  nodeBytes: number;
  elidedRecords: number;
  /** Elided bytes on both hops, and on the browser hop alone. */
  elidedBytes: number;
  browserElidedBytes: number;
  elidedFrames: number;
  /** Dissected events, and how many of them were WebSocket frames. */
  events: number;
  wsFrames: number;
  /** Records the server dropped (its hard cap), as the batches said. */
  dropped: number;
  /** ms this thread spent reading and dissecting batches. */
  busyMs: number;
  /** The latest record time seen (session ms). */
  lastT: number;
  /** JSON messages other than hello (limit, error, scenario…), by type. */
  notices: Record<string, number>;
  lastNotice: string;
}

export interface Hello {
  session: string;
  labBase: string;
  limits: SessionLimits;
  /** The session key cookie from the mirror's 101 (`wl_key=…`): lab requests must carry it. */
  cookie: string;
}

export type ToConsumer =
  | { id: number; type: 'open'; url: string }
  /** Session ms of the session's clock origin (epoch): lag = now - record t. */
  | { id: number; type: 'clock'; t0Epoch: number }
  /** Starts sampling lag for WebSocket frames with t ≥ since (session ms); clears earlier ones. */
  | { id: number; type: 'lag'; since: number }
  /** Returns the lag samples (ms) since the last 'lag' and stops sampling. */
  | { id: number; type: 'take-lags' }
  | { id: number; type: 'stats' }
  /** Dissect (the default) or only read the batches (diagnostics: what dissecting costs). */
  | { id: number; type: 'dissect'; on: boolean }
  | { id: number; type: 'send'; message: string }
  | { id: number; type: 'close' }
  /**
   * Starts a flood from the consumer's own thread or process (session A's machine, not the bench's
   * main thread): 16 KiB echo with 64 in flight, or messages of 1-byte fragments.
   */
  | { id: number; type: 'flood'; kind: FloodKind; port: number; path: string }
  /** Stops the floods; answers what they did. */
  | { id: number; type: 'unflood' };

export type FloodKind = 'echo' | 'fragments';

export interface FloodResult {
  /** 16 KiB messages echoed. */
  echoed: number;
  /** 1-byte frames written. */
  fragments: number;
}

export type FromConsumer =
  | { id: number; type: 'hello'; hello: Hello }
  | { id: number; type: 'ok' }
  | { id: number; type: 'lags'; lags: Float64Array }
  | { id: number; type: 'stats'; stats: ConsumerStats }
  | { id: number; type: 'flooded'; result: FloodResult }
  | { id: number; type: 'error'; message: string };
