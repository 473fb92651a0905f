/**
 * The `/secure` story as an incremental fold (lib/live/fold-store), each event once: the rows of
 * authRowsOf in an AppendList, with each row's token instead of its user (the owners are the page's
 * own state, applied when read: `authRowsWith`). Rows come in log order, which is authRowsOf's seq
 * order: one WireEvent belongs to one Engine.IO session, so to at most one `/secure` namespace.
 */

import { LAB_NAMESPACES } from '@/lib/lab/endpoints';
import { type AppendList, append, emptyList, itemsOf } from '@/lib/live/append-list';
import type { Reducer } from '@/lib/live/fold-store';
import { type SioMapState, sioMapInit, sioMapStep } from '@/lib/machines/socketio-map-step';
import type { WireEvent } from '@/lib/mirror/types';
import {
  AUTH_NS_INIT,
  type AuthNsState,
  type AuthRow,
  authRowStep,
  type TokenRow,
  withUser,
} from './auth-events';

export interface AuthFold {
  readonly map: SioMapState;
  /** Per namespace key ('e3/secure'): what its next rows depend on. */
  readonly ns: ReadonlyMap<string, AuthNsState>;
  readonly rows: AppendList<TokenRow>;
}

export function authFoldFor(nsp: string): Reducer<AuthFold, WireEvent> {
  return {
    init: () => ({ map: sioMapInit('browser-edge'), ns: new Map(), rows: emptyList() }),
    step: (s, e) => {
      const { state: map, out } = sioMapStep(s.map, e);
      let ns: Map<string, AuthNsState> | undefined;
      const added: TokenRow[] = [];
      for (const m of out) {
        if (m.nsp !== nsp) continue;
        const before = (ns ?? s.ns).get(m.key) ?? AUTH_NS_INIT;
        const r = authRowStep(before, m.event, m.session);
        if (r.ns !== before) {
          ns ??= new Map(s.ns);
          ns.set(m.key, r.ns);
        }
        if (r.row) added.push(r.row);
      }
      if (map === s.map && ns === undefined && added.length === 0) return s;
      return { map, ns: ns ?? s.ns, rows: append(s.rows, ...added) };
    },
  };
}

/** The lesson's fold: the `/secure` namespace. */
export const authRowsFold = authFoldFor(LAB_NAMESPACES.secure);

/** The rows with their users looked up in `owners` (authRowsOf's result). */
export function authRowsWith(s: AuthFold, owners: Readonly<Record<string, string>>): AuthRow[] {
  return itemsOf(s.rows).map((r) => withUser(r, owners));
}
