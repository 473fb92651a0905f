/**
 * The gate in front of the sessions: who may open a session (origin, per-client caps, the
 * server-wide cap) and who may use one (origin and the session's key cookie). Pure policy over
 * request headers and counts; app-server.ts and mirror-endpoint.ts apply its answers.
 */
import type { IncomingMessage } from 'node:http';
import {
  ClientCaps,
  type ClientCapsOptions,
  clientAddress,
  DEFAULT_CLIENT_CAPS,
} from './client-caps';
import { OriginPolicy } from './origin';
import type { Refusal } from './refusal';
import { isSecure, KEY_COOKIE, keyCookie, newKey, readKey, sameKey } from './session-key';

export interface GateOptions {
  /** Origins besides the server's own that may open and use sessions. */
  allowedOrigins: string[];
  /** Take the client address from X-Forwarded-For and the scheme from X-Forwarded-Proto. */
  trustProxy: boolean;
  clientCaps: ClientCapsOptions;
}

export const DEFAULT_GATE: GateOptions = {
  allowedOrigins: [],
  trustProxy: false,
  clientCaps: DEFAULT_CLIENT_CAPS,
};

/** What the gate needs to know about sessions to admit a new one. */
export interface SessionCounts {
  /** Sessions whose page is open (the mirror socket is connected), for `client`. */
  openFor(client: string): number;
}

export type Admission =
  | { ok: true; client: string; key: string; setCookie: string | null }
  | { ok: false; refusal: Refusal };

export class Gate {
  readonly origins: OriginPolicy;
  readonly caps: ClientCaps;

  constructor(readonly options: GateOptions = DEFAULT_GATE) {
    this.origins = new OriginPolicy(options.allowedOrigins);
    this.caps = new ClientCaps(options.clientCaps);
  }

  client(req: IncomingMessage): string {
    return clientAddress(req, this.options.trustProxy);
  }

  /** A page's mirror socket asks for a session (`dryRun`: only say whether it would be let in). */
  admitMirror(req: IncomingMessage, counts: SessionCounts, dryRun = false): Admission {
    const origin = this.origins.check(req, 'mirror channel');
    if (origin !== null) return { ok: false, refusal: origin };
    const client = this.client(req);
    const capped = this.caps.admit(client, counts.openFor(client), dryRun);
    if (capped !== null) return { ok: false, refusal: capped };
    const existing = readKey(req);
    if (existing !== null) return { ok: true, client, key: existing, setCookie: null };
    const key = newKey();
    return {
      ok: true,
      client,
      key,
      setCookie: keyCookie(key, isSecure(req, this.options.trustProxy)),
    };
  }

  /** A lab request (plain or upgrade) for a session keyed `key`. */
  checkLab(req: IncomingMessage, key: string): Refusal | null {
    const origin = this.origins.check(req, 'lab request');
    if (origin !== null) return origin;
    if (!sameKey(readKey(req), key)) {
      return {
        status: 403,
        reason: 'session-key',
        message: `lab request refused: it does not carry this session's key (the ${KEY_COOKIE} cookie); lab paths answer only the page that opened the session — reload that page, and allow cookies for this site`,
      };
    }
    return null;
  }

  /** Only the lab checks Origin; pages just get the key cookie when they have none. */
  pageCookie(req: IncomingMessage): string | null {
    if (readKey(req) !== null) return null;
    return keyCookie(newKey(), isSecure(req, this.options.trustProxy));
  }
}
