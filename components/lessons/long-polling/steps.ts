/**
 * What the captured events prove of lesson 6's steps, as an incremental fold of the browser ↔ edge
 * hop: plain long-poll GETs (`GET …/poll?cursor=N`), their answers (status, message ids in the
 * JSON body) and the publishing POSTs (`POST …/poll`, answered `{id}`), paired per connection.
 * A step is proven by those requests and answers, never by a click.
 */
import type { Reducer } from '@/lib/live/fold-store';
import type { WireEvent } from '@/lib/mirror/types';
import {
  cursorOf,
  type HttpPairs,
  messageIdsOf,
  NO_PAIRS,
  type SeenAnswer,
  stepPairs,
} from '../../../lib/mirror/http-pairs';
import type { StepProof } from '../../lesson/steps-store';

interface Answered {
  requestSeq: number;
  seq: number;
  status: number;
  cursor: number | undefined;
  ids: readonly number[];
}

export interface LongPollSteps {
  pairs: HttpPairs;
  /** The last long-poll GET answer. */
  last?: Answered;
  /** Recent message ids delivered by long-poll answers, with the answer's seq. */
  delivered: readonly { id: number; seq: number }[];
  /** Recent publishes answered with an id. */
  posted: readonly { id: number; requestSeq: number; seq: number }[];
  held?: readonly number[];
  next?: readonly number[];
  post?: readonly number[];
  timeout?: readonly number[];
  bytes?: readonly number[];
  cut?: readonly number[];
}

const KEEP = 50;

function postedId(body: string): number | undefined {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'number' ? id : undefined;
  } catch {
    return undefined;
  }
}

function matchPost(s: LongPollSteps): readonly number[] | undefined {
  for (const p of s.posted) {
    const d = s.delivered.find((x) => x.id === p.id);
    if (d) return [p.requestSeq, p.seq, d.seq].sort((a, b) => a - b);
  }
  return undefined;
}

function onPollAnswer(s: LongPollSteps, a: SeenAnswer): LongPollSteps {
  const ids = a.status === 200 ? messageIdsOf(a.body) : [];
  const answered: Answered = {
    requestSeq: a.request.seq,
    seq: a.seq,
    status: a.status,
    cursor: cursorOf(a.request.target),
    ids,
  };
  const out: LongPollSteps = { ...s, last: answered };
  const pair = [a.request.seq, a.seq];
  if (ids.length > 0) {
    out.delivered = [...s.delivered, ...ids.map((id) => ({ id, seq: a.seq }))].slice(-KEEP);
    if (!s.held) out.held = pair;
    if (!s.bytes && ids.length >= 2) out.bytes = pair;
    if (!s.post) {
      const post = matchPost(out);
      if (post) out.post = post;
    }
  } else if (a.status === 204 && !s.timeout) out.timeout = pair;
  return out;
}

function step(s: LongPollSteps, e: WireEvent): LongPollSteps {
  const r = stepPairs(s.pairs, e);
  if (r.pairs === s.pairs) return s;
  let out: LongPollSteps = { ...s, pairs: r.pairs };
  const req = r.request;
  if (req?.transport === 'long-poll') {
    const last = s.last;
    const cursor = cursorOf(req.target);
    if (!s.next && last && last.ids.length > 0 && cursor === last.ids.at(-1))
      out.next = [last.seq, req.seq];
    if (!s.cut && last && last.status >= 500 && cursor === last.cursor)
      out.cut = [last.requestSeq, last.seq, req.seq];
  }
  const a = r.answered;
  if (a?.request.transport === 'long-poll') out = onPollAnswer(out, a);
  if (a?.request.transport === 'publish' && a.status >= 200 && a.status < 300) {
    const id = postedId(a.body);
    if (id !== undefined) {
      out.posted = [...s.posted, { id, requestSeq: a.request.seq, seq: a.seq }].slice(-10);
      if (!s.post) {
        const post = matchPost(out);
        if (post) out.post = post;
      }
    }
  }
  return out;
}

export const longPollSteps: Reducer<LongPollSteps, WireEvent> = {
  init: () => ({ pairs: NO_PAIRS, delivered: [], posted: [] }),
  step,
};

export function longPollProofs(s: LongPollSteps): Record<string, StepProof> {
  const proof = (seqs: readonly number[] | undefined, highlight: string[]): StepProof => ({
    done: seqs !== undefined,
    ...(seqs ? { focusSeqs: seqs } : {}),
    highlight,
  });
  return {
    held: proof(s.held, ['longPoll.receive.waiting', 'longPoll.receive.delivered']),
    next: proof(s.next, ['longPoll.receive.delivered', 'longPoll.receive.waiting']),
    post: proof(s.post, ['longPoll.send.sending', 'longPoll.receive.delivered']),
    timeout: proof(s.timeout, ['longPoll.receive.timedOut']),
    bytes: proof(s.bytes, ['longPoll.receive.delivered']),
    cut: proof(s.cut, ['longPoll.receive.failed', 'longPoll.receive.waiting']),
  };
}
