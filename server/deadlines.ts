/**
 * Deadlines for every connection the server accepts, and the refusal of a declared body over the
 * limit before any of it is read.
 *
 * - headersMs: a request's head must arrive within this (Node answers 408 and closes).
 * - bodyMs: the whole request, body included, within this (a slow body is cut with 408).
 * - keepAliveMs: an idle keep-alive connection is closed after this.
 * Upgraded sockets leave Node's watch: the mirror has its own ping deadline, lab sockets end with
 * their session (mirror closed + grace, or the session's lifetime cap).
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Refusal } from './gate/refusal';

export interface Deadlines {
  headersMs: number;
  bodyMs: number;
  keepAliveMs: number;
  /** How often Node checks the header and body deadlines. */
  checkEveryMs: number;
}

export const DEADLINES: Deadlines = {
  headersMs: 10_000,
  bodyMs: 30_000,
  keepAliveMs: 5_000,
  checkEveryMs: 1_000,
};

export function serverOptions(d: Deadlines): http.ServerOptions {
  return {
    headersTimeout: d.headersMs,
    requestTimeout: d.bodyMs,
    keepAliveTimeout: d.keepAliveMs,
    connectionsCheckingInterval: d.checkEveryMs,
  };
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'request header fields too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request timeout: the request did not arrive in time'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'chunk extensions too large'],
};

/** Every parse error or timeout gets a specific status and a closed connection. */
export function applyDeadlines(server: http.Server, d: Deadlines): void {
  server.headersTimeout = d.headersMs;
  server.requestTimeout = d.bodyMs;
  server.keepAliveTimeout = d.keepAliveMs;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    socket.on('error', () => {});
    const [status, text] = CLIENT_ERRORS[error.code ?? ''] ?? [
      400,
      `bad request (${error.code ?? error.message})`,
    ];
    if (socket.writable && error.code !== 'ECONNRESET' && error.code !== 'EPIPE') {
      const body = `${text}\n`;
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  });
}

/** A lab request that declares a body over `limit` bytes is refused before it is read. */
export function bodyTooLarge(req: http.IncomingMessage, limit: number): Refusal | null {
  const declared = req.headers['content-length'];
  if (declared === undefined) return null;
  const size = Number(declared);
  if (!Number.isSafeInteger(size) || size < 0) {
    return {
      status: 400,
      reason: 'body-too-large',
      message: `bad Content-Length ${JSON.stringify(declared)}`,
    };
  }
  if (size <= limit) return null;
  return {
    status: 413,
    reason: 'body-too-large',
    message: `request body of ${size} bytes is over this lab's limit of ${limit} bytes (maxPayload); nothing was read`,
  };
}
