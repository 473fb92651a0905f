/**
 * The `/secure` namespace's story, read from the browser ↔ edge hop: CONNECT with the token,
 * the answer (sid or CONNECT_ERROR), `welcome`, `auth-expired`, `revoked`, room broadcasts received
 * (flagged when they arrive after `revoked`: the lingering membership) and DISCONNECTs with who sent
 * them. Pure. `authRowStep` reads one namespace's events; `authRowsOf` runs it over a whole log
 * (the reference for the incremental `authRowsFold` in auth-fold.ts).
 */
import { LAB_NAMESPACES } from '@/lib/lab/endpoints';
import type { SocketIoEvent } from '@/lib/machines/socketio-connection';
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

/** A row before its user is looked up: the token of the namespace's last CONNECT instead. */
export type TokenRow = Omit<AuthRow, 'user'> & { token?: string };

/** What one namespace remembers between its events. */
export interface AuthNsState {
  readonly revoked: boolean;
  /** The token of the last CONNECT, when it was a string. */
  readonly token?: string;
}

export const AUTH_NS_INIT: AuthNsState = { revoked: false };

function short(token: unknown): string {
  return typeof token === 'string' ? `${token.slice(0, 8)}…` : JSON.stringify(token);
}

const INTERESTING = ['welcome', 'auth-expired', 'revoked', 'room-chat', 'join'];

/** One namespace event: its row (if any) and the namespace's state after it. */
export function authRowStep(
  ns: AuthNsState,
  e: SocketIoEvent,
  session: string,
): { ns: AuthNsState; row?: TokenRow } {
  let next = ns;
  if (e.type === 'CONNECT_SENT') {
    const token = (e.auth as { token?: unknown } | undefined)?.token;
    next = typeof token === 'string' ? { revoked: false, token } : { revoked: false };
  }
  const base = {
    seq: e.seq,
    t: e.t,
    session,
    ...(next.token !== undefined ? { token: next.token } : {}),
  };
  switch (e.type) {
    case 'CONNECT_SENT': {
      const token = (e.auth as { token?: unknown } | undefined)?.token;
      const text = `CONNECT with token ${token === undefined ? '(none)' : short(token)}`;
      return { ns: next, row: { ...base, dir: 'up', tone: 'plain', text } };
    }
    case 'CONNECTED':
      return {
        ns: next,
        row: { ...base, dir: 'down', tone: 'ok', text: `CONNECT answered: sid ${e.sid ?? '?'}` },
      };
    case 'CONNECT_ERROR':
      return {
        ns: next,
        row: { ...base, dir: 'down', tone: 'bad', text: `CONNECT_ERROR "${e.message}"` },
      };
    case 'DISCONNECT':
      return {
        ns: next,
        row: {
          ...base,
          dir: e.by === 'client' ? 'up' : 'down',
          tone: e.by === 'server' ? 'bad' : 'plain',
          text: `DISCONNECT (41) from the ${e.by}`,
        },
      };
    case 'TRANSPORT_CLOSED':
      return {
        ns: next,
        row: {
          ...base,
          dir: 'down',
          tone: 'plain',
          text: `Engine.IO session ended (${e.reason})`,
        },
      };
    case 'EVENT': {
      if (e.dir === 'down' && e.name === 'revoked' && !next.revoked)
        next = { ...next, revoked: true };
      if (!INTERESTING.includes(e.name)) return { ns: next };
      const late = e.dir === 'down' && e.name === 'room-chat' && next.revoked;
      return {
        ns: next,
        row: {
          ...base,
          dir: e.dir,
          tone: late || e.name === 'auth-expired' || e.name === 'revoked' ? 'bad' : 'plain',
          text: `${e.dir === 'up' ? 'emit' : 'server emits'} "${e.name}" ${JSON.stringify(e.args[0] ?? null).slice(0, 80)}${late ? ' — after revocation: the membership lingered' : ''}`,
        },
      };
    }
    case 'ACK': {
      const first = e.args[0] as { ok?: unknown; error?: unknown } | undefined;
      if (first?.ok !== false) return { ns: next };
      return {
        ns: next,
        row: { ...base, dir: 'down', tone: 'bad', text: `ack refused: "${String(first.error)}"` },
      };
    }
    default:
      return { ns: next };
  }
}

/** A row with its user: whose token (from `owners`) the namespace last connected with. */
export function withUser(row: TokenRow, owners: Readonly<Record<string, string>>): AuthRow {
  const { token, ...rest } = row;
  const user = token === undefined ? undefined : owners[token];
  return user ? { ...rest, user } : rest;
}

export function authRowsOf(
  events: readonly WireEvent[],
  owners: Readonly<Record<string, string>> = {},
  nsp: string = LAB_NAMESPACES.secure,
): AuthRow[] {
  const rows: AuthRow[] = [];
  for (const ns of socketIoNamespacesOf(events)) {
    if (ns.nsp !== nsp) continue;
    let state = AUTH_NS_INIT;
    for (const { event } of ns.events) {
      const r = authRowStep(state, event, ns.session);
      state = r.ns;
      if (r.row) rows.push(withUser(r.row, owners));
    }
  }
  return rows.sort((a, b) => a.seq - b.seq);
}
