/** Messages between the page and its dissector worker (dissect.worker.ts). */
import type { WireEvent } from '@/lib/mirror/types';

export type ToDissector =
  /** A new session: fresh decoders, the lab node's message limit. */
  | { type: 'hello'; maxPayload: number; startEpochMs: number }
  /** One binary mirror batch (transferred). */
  | { type: 'batch'; buf: ArrayBuffer }
  /** A capture file to replay offline (transferred). */
  | { type: 'import'; buf: ArrayBuffer; name: string }
  /** The capture so far, as a file. */
  | { type: 'export'; id: number; format: CaptureFormat; session: string };

export type CaptureFormat = 'json' | 'pcapng' | 'har';

export type FromDissector =
  | {
      type: 'events';
      events: WireEvent[];
      /** Records the server dropped before these (its queue cap). */
      dropped: number;
      /** Bytes of raw capture received so far. */
      capturedBytes: number;
      /** WebSocket frames (and their bytes) the server left out: the session's mirror budget. */
      thinned: { frames: number; bytes: number };
    }
  | { type: 'error'; message: string }
  /** An imported capture is dissected (its events came before this). */
  | { type: 'imported'; format: string; records: number; warnings: string[]; session?: string }
  | { type: 'import-error'; message: string }
  | { type: 'export'; id: number; data: Uint8Array; mime: string; name: string }
  | { type: 'export-error'; id: number; message: string };
