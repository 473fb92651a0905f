/**
 * One real client per transport, behind one small interface: open it, watch its status and what it
 * receives, send through it (where the transport can), close it cleanly. No React here.
 */
import type { Transport } from '@/lib/scenario/schema';

export type TransportStatus = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'error';

export interface TransportEvents {
  status: (status: TransportStatus, detail?: string) => void;
  /** Application text as the client API delivered it (an echo, a stream message, a chat). */
  message: (text: string) => void;
  /** What the client API reported, for the "what JavaScript saw" log. */
  note: (text: string) => void;
}

export interface TransportClient {
  readonly transport: Transport;
  /** How sent text travels ("ws.send", "POST /poll"). */
  readonly sendsVia: string;
  send: (text: string) => void;
  /** Closes cleanly: close(1000) / disconnect() / abort / EventSource.close(). Idempotent. */
  close: () => void;
}

export interface TransportTarget {
  /** Page origin, http(s)://host. */
  origin: string;
  /** ws(s)://host. */
  wsOrigin: string;
  /** /lab/<session>. */
  labBase: string;
}
