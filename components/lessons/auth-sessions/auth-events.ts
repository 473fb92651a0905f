/**
 * The `/secure` namespace's story, read from the browser ↔ edge hop: CONNECT with the token,
 * the answer (sid or CONNECT_ERROR), `welcome`, `auth-expired`, `revoked`, room broadcasts received
 * (flagged when they arrive after `revoked`: the lingering membership) and DISCONNECTs with who sent
 * them. Pure.
 */
import { LAB_NAMESPACES } from '@/lib/lab/endpoints';
import { socketIoNamespacesOf } from '@/lib/machines/socketio-mapper';
import type { WireEvent } from '@/lib/mirror/types';

export interface AuthRow {
  seq: number;
  t: number;
  /** Engine.IO session name ('e1'): each reconnect is a new one. */
  session: string;
  dir: 'up' | 'down';
  text: string;
  tone: 'ok' | 'bad' | 'plain';
  /** Whose token the session connected with (from `owners`), when known. */
  user?: string;
}

function short(token: unknown): string {
  return typeof token === 'string' ? `${token.slice(0, 8)}…` : JSON.stringify(token);
}

export function authRowsOf(
  events: readonly WireEvent[],
  owners: Readonly<Record<string, string>> = {},
  nsp: string = LAB_NAMESPACES.secure,
): AuthRow[] {
  const rows: AuthRow[] = [];
  for (const ns of socketIoNamespacesOf(events)) {
    if (ns.nsp !== nsp) continue;
    let revoked = false;
    let user: string | undefined;
    for (const { event: e } of ns.events) {
      if (e.type === 'CONNECT_SENT') {
        const token = (e.auth as { token?: unknown } | undefined)?.token;
        user = typeof token === 'string' ? owners[token] : undefined;
      }
      const base = { seq: e.seq, t: e.t, session: ns.session, ...(user ? { user } : {}) };
      switch (e.type) {
        case 'CONNECT_SENT': {
          const token = (e.auth as { token?: unknown } | undefined)?.token;
          rows.push({
            ...base,
            dir: 'up',
            tone: 'plain',
            text: `CONNECT with token ${token === undefined ? '(none)' : short(token)}`,
          });
          revoked = false;
          break;
        }
        case 'CONNECTED':
          rows.push({
            ...base,
            dir: 'down',
            tone: 'ok',
            text: `CONNECT answered: sid ${e.sid ?? '?'}`,
          });
          break;
        case 'CONNECT_ERROR':
          rows.push({ ...base, dir: 'down', tone: 'bad', text: `CONNECT_ERROR "${e.message}"` });
          break;
        case 'DISCONNECT':
          rows.push({
            ...base,
            dir: e.by === 'client' ? 'up' : 'down',
            tone: e.by === 'server' ? 'bad' : 'plain',
            text: `DISCONNECT (41) from the ${e.by}`,
          });
          break;
        case 'TRANSPORT_CLOSED':
          rows.push({
            ...base,
            dir: 'down',
            tone: 'plain',
            text: `Engine.IO session ended (${e.reason})`,
          });
          break;
        case 'EVENT': {
          if (e.dir === 'down' && e.name === 'revoked') revoked = true;
          const interesting = ['welcome', 'auth-expired', 'revoked', 'room-chat', 'join'];
          if (!interesting.includes(e.name)) break;
          const late = e.dir === 'down' && e.name === 'room-chat' && revoked;
          rows.push({
            ...base,
            dir: e.dir,
            tone: late || e.name === 'auth-expired' || e.name === 'revoked' ? 'bad' : 'plain',
            text: `${e.dir === 'up' ? 'emit' : 'server emits'} "${e.name}" ${JSON.stringify(e.args[0] ?? null).slice(0, 80)}${late ? ' — after revocation: the membership lingered' : ''}`,
          });
          break;
        }
        case 'ACK': {
          const first = e.args[0] as { ok?: unknown; error?: unknown } | undefined;
          if (first?.ok === false) {
            rows.push({
              ...base,
              dir: 'down',
              tone: 'bad',
              text: `ack refused: "${String(first.error)}"`,
            });
          }
          break;
        }
        default:
          break;
      }
    }
  }
  return rows.sort((a, b) => a.seq - b.seq);
}
