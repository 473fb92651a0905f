/**
 * A refusal: the status, the reason (a metrics label) and the message a person reads. Every gate
 * in front of the sessions answers with one of these, on a plain response or on a raw upgrade socket.
 */
import { type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

export const REFUSAL_REASONS = [
  'origin',
  'cross-site',
  'session-key',
  'client-cap',
  'rate',
  'server-full',
  'unknown-upgrade',
  'unknown-session',
  'malformed',
  'body-too-large',
  'deadline',
  'draining',
  'connection-cap',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface Refusal {
  status: number;
  reason: RefusalReason;
  message: string;
  /** Seconds until a retry can succeed (sent as Retry-After). */
  retryAfterS?: number;
}

function headersOf(refusal: Refusal, body: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  };
  if (refusal.retryAfterS !== undefined) headers['Retry-After'] = String(refusal.retryAfterS);
  return headers;
}

/** Answers a plain request and closes its connection (a refused body is never read). */
export function refuseHttp(res: ServerResponse, refusal: Refusal): void {
  const body = `${refusal.message}\n`;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.shouldKeepAlive = false;
  res.writeHead(refusal.status, headersOf(refusal, body));
  res.end(body);
}

/** Answers an upgrade request on its raw socket and closes it (FIN after the answer, RST if it stalls). */
export function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  const body = `${refusal.message}\n`;
  const head = Object.entries(headersOf(refusal, body))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const text = STATUS_CODES[refusal.status] ?? 'Refused';
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${refusal.status} ${text}\r\n${head}\r\n${body}`);
  // A peer that never reads cannot hold the descriptor: destroy once the write is done or stalls.
  const timer = setTimeout(() => socket.destroy(), 2_000);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
