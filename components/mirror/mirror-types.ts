/** What the page's mirror client reports (status, notices, edge state) and where it connects. */
import { MIRROR_PATH, type SessionLimits } from '@/lib/mirror/protocol';

export type MirrorStatus =
  | { state: 'connecting' }
  | { state: 'open'; session: string; labBase: string; limits: SessionLimits }
  | { state: 'closed'; code: number; reason: string; session?: string }
  /** An imported capture, replayed offline through the same dissector and views. */
  | {
      state: 'replay';
      name: string;
      /** Until the dissector has read the file: null. */
      format: string | null;
      records: number;
      warnings: string[];
      error?: string;
      session?: string;
    };

export interface MirrorNotice {
  id: number;
  kind: 'limit' | 'error' | 'draining';
  message: string;
}

export interface CaptureDownload {
  data: Uint8Array;
  mime: string;
  name: string;
}

export interface EdgeState {
  /** A scenario was sent and the edge has not echoed it yet. */
  pending: boolean;
  /** The server's last refusal, cleared by the next echo. */
  error: string | null;
}

export function mirrorUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${MIRROR_PATH}`;
}

/** Origin for lab WebSockets: same host as the page, ws: or wss:. */
export function wsOrigin(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}`;
}
