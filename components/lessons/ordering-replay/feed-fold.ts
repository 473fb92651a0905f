/**
 * The ordered feed's WebSockets as an incremental fold (lib/live/fold-store), each event once: the
 * connections to `/ordered` (connectionsOf(…) with kind websocket and that path) and, per
 * connection, its browser ↔ edge text frames, the only events foldReorder reads. The panel runs
 * the page's consumer (foldReorder) and the reorder-window chart over one stream's frames (a few
 * hundred at most), never over the log.
 */
import { LAB_PATHS } from '@/lib/lab/endpoints';
import { type AppendList, append, emptyList, itemsOf } from '@/lib/live/append-list';
import type { Reducer } from '@/lib/live/fold-store';
import { isWebSocketUpgrade, parseEioTarget } from '@/lib/mirror/select-eio';
import type { WireEvent } from '@/lib/mirror/types';

interface FeedConn {
  /** As connectionsOf: the first conn-open's path, or the first request's. */
  readonly path: string | undefined;
  /** connectionsOf's kind is websocket (an upgrade request or a frame on any hop). */
  readonly ws: boolean;
  /** Browser ↔ edge text frames, kept while the path is unknown or the ordered feed's. */
  readonly frames: AppendList<WireEvent>;
}

export interface OrderedFeed {
  /** Every connection, in order of first appearance. */
  readonly conns: ReadonlyMap<string, FeedConn>;
}

const isOrdered = (path: string | undefined) => (path ?? '').endsWith(LAB_PATHS.ordered);
const isText = (e: WireEvent) => e.kind === 'ws-frame' && e.message?.type === 'text';

function stepConn(c: FeedConn, e: WireEvent): FeedConn {
  let { path, ws, frames } = c;
  if (e.kind === 'conn-open' && path === undefined && e.path !== undefined)
    path = e.path.split('?')[0];
  if (e.kind === 'http-request') {
    if (path === undefined) path = parseEioTarget(e.target).path;
    if (isWebSocketUpgrade(e)) ws = true;
  }
  if (e.kind === 'ws-frame') ws = true;
  const keep = path === undefined || isOrdered(path);
  if (!keep && frames.size > 0) frames = emptyList();
  else if (keep && e.hop === 'browser-edge' && isText(e)) frames = append(frames, e);
  if (path === c.path && ws === c.ws && frames === c.frames) return c;
  return { path, ws, frames };
}

export const orderedFeedFold: Reducer<OrderedFeed, WireEvent> = {
  init: () => ({ conns: new Map() }),
  step: (s, e) => {
    const known = s.conns.get(e.conn);
    const before = known ?? { path: undefined, ws: false, frames: emptyList<WireEvent>() };
    const after = stepConn(before, e);
    if (after === known) return s;
    return { conns: new Map(s.conns).set(e.conn, after) };
  },
};

const latest = new WeakMap<OrderedFeed, string | null>();

/** The last WebSocket to the ordered feed (in order of first appearance), or null. */
export function latestOrderedConn(s: OrderedFeed): string | null {
  let conn = latest.get(s);
  if (conn === undefined) {
    conn = null;
    for (const [id, c] of s.conns) if (c.ws && isOrdered(c.path)) conn = id;
    latest.set(s, conn);
  }
  return conn;
}

const NONE: readonly WireEvent[] = [];

/**
 * `conn`'s browser ↔ edge text frames so far (the same array per state and connection): all of
 * them for a connection to the ordered feed (or one whose path is not known yet), none otherwise.
 */
export function feedFramesOf(s: OrderedFeed, conn: string | null): readonly WireEvent[] {
  const c = conn === null ? undefined : s.conns.get(conn);
  return c ? itemsOf(c.frames) : NONE;
}
