/** Messages between the main thread and the tap worker (structured-clone friendly). */
import type { UnstampedEvent } from '../../lib/mirror/types';

/** 0 = browser-edge, 1 = edge-node; 0 = up, 1 = down. */
export type HopIndex = 0 | 1;
export type DirIndex = 0 | 1;

export type TapRecord =
  /** n bytes of the batch buffer (taken in record order), maxPayload m for a new decoder. */
  | { k: 0; s: string; c: string; h: HopIndex; d: DirIndex; t: number; n: number; m: number }
  | { k: 1; s: string; e: UnstampedEvent }
  | { k: 2; s: string; c: string }
  | { k: 3; s: string };

export interface TapBatch {
  records: TapRecord[];
  /** Every byte record's bytes, concatenated (transferred, not copied). */
  buf: ArrayBuffer;
}

export interface TapResult {
  /** Bytes of the batch handled (for the in-flight count). */
  done: number;
  /** Serialized unstamped events per session, in tap order. */
  out: [session: string, events: string[]][];
}
