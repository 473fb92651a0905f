/**
 * Test support only (used by test/integration/lab-*.test.ts): a hand-written HTTP exchange over a
 * raw TCP socket, so tests control every header byte (wrong Sec-WebSocket-Version, foreign Origin,
 * a GET without Upgrade) and see the answer exactly as sent.
 */
import net from 'node:net';

export interface RawResponse {
  status: number;
  reason: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
  /** Everything received, as latin1 text. */
  raw: string;
}

/** Writes `request` and reads until the server closes or the body is complete. */
export function rawExchange(
  port: number,
  request: string,
  timeoutMs = 5_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`no complete answer within ${timeoutMs} ms:\n${received.toString('latin1')}`),
      );
    }, timeoutMs);
    const finish = () => {
      const parsed = parseResponse(received);
      if (parsed === null) return false;
      clearTimeout(timer);
      socket.destroy();
      resolve(parsed);
      return true;
    };
    socket.on('error', () => {});
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const parsed = parseResponse(received);
      if (parsed !== null && 'content-length' in parsed.headers) finish();
    });
    socket.on('close', () => {
      if (!finish()) {
        clearTimeout(timer);
        reject(new Error(`closed before a complete answer:\n${received.toString('latin1')}`));
      }
    });
  });
}

function parseResponse(bytes: Buffer): RawResponse | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const head = bytes.subarray(0, end).toString('latin1');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const match = /^HTTP\/1\.1 (\d{3}) ?(.*)$/.exec(statusLine);
  if (match === null) return null;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = bytes.subarray(end + 4);
  const length = headers['content-length'];
  if (length !== undefined && body.length < Number(length)) return null;
  return {
    status: Number(match[1]),
    reason: match[2] ?? '',
    headers,
    body: body.toString('utf8'),
    raw: bytes.toString('latin1'),
  };
}

/** A WebSocket upgrade request; `overrides` replace or (with null) remove default headers. */
export function upgradeRequest(
  port: number,
  path: string,
  overrides: Record<string, string | null> = {},
): string {
  const headers: Record<string, string | null> = {
    Host: `127.0.0.1:${port}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version': '13',
    ...overrides,
  };
  const lines = Object.entries(headers)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([k, v]) => `${k}: ${v}`);
  return `GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}
