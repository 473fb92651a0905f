/**
 * Orthogonal edge routing for `layoutChart`: each edge tries a few simple routes in order of
 * preference and takes the first that crosses no box other than its own ends and their ancestors
 * (entering a container to reach a child is expected). Edges that find no clear route run in a lane
 * above (forward) or below (backward) the whole chart. Labels are nudged until they do not overlap
 * one another. Everything is deterministic.
 */
export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface RouteRequest {
  id: string;
  source: string;
  target: string;
  /** The label's lines (event, then guard). */
  lines: string[];
}

export interface Route {
  id: string;
  points: Point[];
  label: Point;
  backward: boolean;
}

const LANE_STEP = 12;
const STUB = 10;
const LABEL_H = 11;

function segmentHits(a: Point, b: Point, r: Rect): boolean {
  const inset = 1;
  const minX = Math.min(a.x, b.x);
  const maxX = Math.max(a.x, b.x);
  const minY = Math.min(a.y, b.y);
  const maxY = Math.max(a.y, b.y);
  return (
    maxX > r.x + inset && minX < r.x + r.w - inset && maxY > r.y + inset && minY < r.y + r.h - inset
  );
}

function routeHits(points: readonly Point[], obstacles: readonly Rect[]): boolean {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    if (obstacles.some((r) => segmentHits(a, b, r))) return true;
  }
  return false;
}

/** Centre for a label block of height h: above the longest (preferably horizontal) segment. */
function longestSegmentMid(points: readonly Point[], h: number, w: number): Point {
  let best = { len: -1, mid: points[0] as Point, horizontal: true };
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const horizontal = a.y === b.y;
    // Prefer horizontal segments: labels are written horizontally.
    const len = Math.abs(a.x - b.x) + Math.abs(a.y - b.y) * 0.3;
    if (len > best.len) best = { len, mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, horizontal };
  }
  return best.horizontal
    ? { x: best.mid.x, y: best.mid.y - h / 2 - 2 }
    : { x: best.mid.x + w / 2 + 3, y: best.mid.y };
}

/**
 * Routes every request between its boxes. `ancestors(id)` lists the ids of the containers around a
 * box; `labelWidth(text)` estimates a label line's width for collision nudging. A route's `label`
 * is the centre of its label block.
 */
export function routeEdges(
  requests: readonly RouteRequest[],
  boxes: ReadonlyMap<string, Rect>,
  ancestors: (id: string) => string[],
  labelWidth: (text: string) => number,
): Route[] {
  const all = [...boxes.values()];
  const top = Math.min(...all.map((b) => b.y));
  const bottom = Math.max(...all.map((b) => b.y + b.h));
  const pairCount = new Map<string, number>();
  for (const r of requests)
    pairCount.set(`${r.source}>${r.target}`, (pairCount.get(`${r.source}>${r.target}`) ?? 0) + 1);
  const pairSeen = new Map<string, number>();
  let laneAbove = 0;
  let laneBelow = 0;
  let loopIndex = 0;
  const routes: Route[] = [];
  const placedLabels: { x: number; y: number; w: number; h: number }[] = [];

  for (const request of requests) {
    const s = boxes.get(request.source);
    const t = boxes.get(request.target);
    if (s === undefined || t === undefined) continue;
    const key = `${request.source}>${request.target}`;
    const k = pairSeen.get(key) ?? 0;
    pairSeen.set(key, k + 1);
    const spread = (k - ((pairCount.get(key) ?? 1) - 1) / 2) * 8;
    const exempt = new Set([s.id, t.id, ...ancestors(s.id), ...ancestors(t.id)]);
    const obstacles = all.filter((b) => !exempt.has(b.id));
    const sRight = s.x + s.w;
    const sy = s.y + s.h / 2 + spread;
    const ty = t.y + t.h / 2 + spread;
    const forward = t.x >= sRight - 1;
    const candidates: Point[][] = [];
    let backward = false;
    if (forward) {
      const sx = sRight;
      const tx = t.x;
      for (const mx of [(sx + tx) / 2, tx - STUB, sx + STUB]) {
        candidates.push(
          sy === ty
            ? [
                { x: sx, y: sy },
                { x: tx, y: ty },
              ]
            : [
                { x: sx, y: sy },
                { x: mx, y: sy },
                { x: mx, y: ty },
                { x: tx, y: ty },
              ],
        );
      }
      const laneY = top - LANE_STEP * (laneAbove + 1);
      candidates.push([
        { x: sx, y: sy },
        { x: sx + STUB, y: sy },
        { x: sx + STUB, y: laneY },
        { x: tx - STUB, y: laneY },
        { x: tx - STUB, y: ty },
        { x: tx, y: ty },
      ]);
    } else {
      backward = true;
      const scx = s.x + s.w / 2 + spread;
      const tcx = t.x + t.w / 2 + spread;
      const below = t.y >= s.y + s.h;
      const above = t.y + t.h <= s.y;
      const overlapX = Math.max(s.x, t.x) < Math.min(s.x + s.w, t.x + t.w);
      if (overlapX && (below || above)) {
        const x = (Math.max(s.x, t.x) + Math.min(s.x + s.w, t.x + t.w)) / 2 + spread;
        candidates.push(
          below
            ? [
                { x, y: s.y + s.h },
                { x, y: t.y },
              ]
            : [
                { x, y: s.y },
                { x, y: t.y + t.h },
              ],
        );
        backward = false;
      }
      const yb = Math.max(s.y + s.h, t.y + t.h) + LANE_STEP * (1 + loopIndex);
      candidates.push([
        { x: scx, y: s.y + s.h },
        { x: scx, y: yb },
        { x: tcx, y: yb },
        { x: tcx, y: t.y + t.h },
      ]);
      const ya = Math.min(s.y, t.y) - LANE_STEP * (1 + loopIndex);
      candidates.push([
        { x: scx, y: s.y },
        { x: scx, y: ya },
        { x: tcx, y: ya },
        { x: tcx, y: t.y },
      ]);
      const laneY = bottom + LANE_STEP * (laneBelow + 1);
      candidates.push([
        { x: scx, y: s.y + s.h },
        { x: scx, y: laneY },
        { x: tcx, y: laneY },
        { x: tcx, y: t.y + t.h },
      ]);
    }
    let chosen = candidates.findIndex((c) => !routeHits(c, obstacles));
    if (chosen < 0) chosen = candidates.length - 1;
    const points = candidates[chosen] as Point[];
    if (forward && chosen === candidates.length - 1) laneAbove++;
    if (!forward && chosen >= candidates.length - 3) loopIndex++;
    if (!forward && chosen === candidates.length - 1) laneBelow++;

    const w = Math.max(...request.lines.map(labelWidth));
    const h = request.lines.length * LABEL_H;
    const base = longestSegmentMid(points, h, w);
    let label = base;
    // Try 0, -1, +1, -2, +2, … label heights away from the segment until no label is hit.
    for (let i = 0; i < 13; i++) {
      const offset = ((i + 1) >> 1) * LABEL_H * (i % 2 === 1 ? -1 : 1);
      const candidate = { x: base.x, y: base.y + offset };
      const clash = placedLabels.some(
        (p) =>
          Math.abs(p.y - candidate.y) < (p.h + h) / 2 &&
          Math.abs(p.x - candidate.x) < (p.w + w) / 2,
      );
      if (!clash) {
        label = candidate;
        break;
      }
    }
    placedLabels.push({ x: label.x, y: label.y, w, h });
    routes.push({ id: request.id, points, label, backward });
  }
  return routes;
}
