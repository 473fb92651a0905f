/**
 * Reading what a transport delivered: the "#k" tag of numbered messages (wherever the transport's
 * envelope put it) and the tally of a numbered burst: which numbers never arrived, which arrived
 * twice, whether they arrived out of order. Pure, so tests and the page agree.
 */

export interface Received {
  /** 1-based arrival number on this page. */
  n: number;
  text: string;
  /** k of a numbered message "#k". */
  tag?: number;
  /** Stream message id, when the transport carries the session stream. */
  id?: number;
}

const TAG = /^#(\d{1,6})$/;

function tagOf(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const m = TAG.exec(value);
    return m ? Number(m[1]) : undefined;
  }
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    return tagOf(o.msg) ?? tagOf(o.data);
  }
  return undefined;
}

/** Parses one delivered text: a bare "#3", {"msg":"#3"}, {"id":5,"data":"#3","at":…}. */
export function parseReceived(n: number, text: string): Received {
  const out: Received = { n, text };
  let value: unknown = text;
  if (text.startsWith('{') || text.startsWith('"')) {
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
  }
  const tag = tagOf(value);
  if (tag !== undefined) out.tag = tag;
  if (typeof value === 'object' && value !== null) {
    const id = (value as { id?: unknown }).id;
    if (typeof id === 'number') out.id = id;
  }
  return out;
}

export interface BurstTally {
  sent: number;
  /** Distinct numbers that arrived. */
  received: number;
  missing: number[];
  duplicated: number[];
  /** Arrival order of the numbers (first arrivals), e.g. [1, 2, 4, 3]. */
  order: number[];
  outOfOrder: boolean;
}

export function tallyBurst(sent: number, tags: readonly number[]): BurstTally {
  const seen = new Map<number, number>();
  const order: number[] = [];
  for (const t of tags) {
    if (t < 1 || t > sent) continue;
    const c = seen.get(t) ?? 0;
    if (c === 0) order.push(t);
    seen.set(t, c + 1);
  }
  const missing: number[] = [];
  for (let k = 1; k <= sent; k++) if (!seen.has(k)) missing.push(k);
  const duplicated = [...seen].filter(([, c]) => c > 1).map(([k]) => k);
  duplicated.sort((a, b) => a - b);
  const outOfOrder = order.some((k, i) => i > 0 && k < (order[i - 1] as number));
  return { sent, received: seen.size, missing, duplicated, order, outOfOrder };
}
