/** A page's mirror channel and lab requests, from Node, through the balancer (for the lb specs). */
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { MIRROR_PATH, type ServerMessage } from '../lib/mirror/protocol';

export interface LbMirror {
  ws: WebSocket;
  session: string;
  labBase: string;
  /** The session key cookie from the mirror's 101, for every lab request. */
  headers: Record<string, string>;
  messages: ServerMessage[];
  waitFor(type: ServerMessage['type'], timeoutMs?: number): Promise<ServerMessage>;
  close(): Promise<void>;
}

export function wsUrl(httpUrl: string, path: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}${path}`;
}

export async function openMirror(base: string): Promise<LbMirror> {
  const ws = new WebSocket(wsUrl(base, MIRROR_PATH), { headers: { origin: base } });
  ws.on('error', () => {});
  const headers: Record<string, string> = {};
  ws.once('upgrade', (res) => {
    const cookies = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).filter(Boolean);
    if (cookies.length > 0) headers.cookie = cookies.join('; ');
  });
  const messages: ServerMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data, isBinary) => {
    // The capture itself comes as binary batches (lib/mirror/tap-stream.ts): these specs only
    // read the control messages.
    if (isBinary) return;
    messages.push(JSON.parse(data.toString()) as ServerMessage);
    for (const wake of [...waiters]) wake();
  });
  const waitFor = (type: ServerMessage['type'], timeoutMs = 15_000) =>
    new Promise<ServerMessage>((resolve, reject) => {
      const check = () => {
        const found = messages.find((m) => m.type === type);
        if (found === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(`no "${type}" mirror message; got ${messages.map((m) => m.type).join(',')}`),
        );
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`mirror refused: ${res.statusCode}`)),
    );
    ws.once('error', reject);
  });
  const hello = (await waitFor('hello')) as Extract<ServerMessage, { type: 'hello' }>;
  return {
    ws,
    session: hello.session,
    labBase: hello.labBase,
    headers,
    messages,
    waitFor,
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) {
          resolve();
          return;
        }
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}

/** Sends one text message on a lab WebSocket echo and resolves with the reply; then closes. */
export async function echoOnce(url: string, headers: Record<string, string>, text: string) {
  const ws = new WebSocket(url, { headers, perMessageDeflate: false });
  ws.on('error', () => {});
  const reply = await new Promise<string>((resolve, reject) => {
    ws.once('open', () => ws.send(text));
    ws.once('message', (data) => resolve(data.toString()));
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`lab ws refused: ${res.statusCode}`)),
    );
    ws.once('error', reject);
  });
  await new Promise<void>((resolve) => {
    ws.once('close', () => resolve());
    ws.close();
  });
  return reply;
}

/** The upstream (host:port) nginx used for each access-log line whose request contains `needle`. */
export function upstreamsFor(accessLog: string, needle: string): string[] {
  return readFileSync(accessLog, 'utf8')
    .split('\n')
    .filter((line) => line.includes(needle))
    .map((line) => /upstream=(\S+)/.exec(line)?.[1] ?? '?');
}
