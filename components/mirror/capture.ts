/** The capture download: `{session, exportedAt, events}`; raw bytes stay base64 as on the mirror. */
import type { WireEvent } from '@/lib/mirror/types';

export interface CaptureFile {
  format: 'wirelab-capture';
  version: 1;
  session: string;
  exportedAt: string;
  events: readonly WireEvent[];
}

export function buildCapture(
  session: string,
  events: readonly WireEvent[],
  now: Date,
): CaptureFile {
  return {
    format: 'wirelab-capture',
    version: 1,
    session,
    exportedAt: now.toISOString(),
    events,
  };
}

export function captureFileName(session: string): string {
  return `wirelab-${session.replace(/[^0-9a-zA-Z_-]/g, '')}.json`;
}
