/**
 * The server-side message source of a session: publishes `rate` messages per second of about
 * `size` bytes each to the session's MessageStream (and so to every transport at once).
 *
 * `size` is the byte length of the JSON text every transport carries, `{"id":n,"data":{"n":k,
 * "pad":"xxx…"},"at":ms}`: the pad fills up to it (messages smaller than the ~50-byte envelope
 * get an empty pad). Pacing: a tick every max(10, 1000/rate) ms publishes the messages due since
 * start, so the long-run rate is exact; after a stall it catches up at most one second's worth.
 */
import type { MessageStream } from './message-stream';
import type { TimerSet } from './timer-set';

export const PRODUCER_RANGES = {
  rate: [1, 200],
  size: [1, 65_536],
} as const;
/** rate × size above this is refused (the tap and mirror carry every byte four times over). */
export const MAX_BYTES_PER_SECOND = 2 * 1024 * 1024;

export interface ProducerStatus {
  running: boolean;
  rate: number;
  size: number;
  /** Messages published since the last start. */
  published: number;
  lastId: number;
}

export class Producer {
  private timer: NodeJS.Timeout | null = null;
  private rate = 0;
  private size = 0;
  private published = 0;
  /** Pacing counter: messages accounted for since start (published + skipped after a stall). */
  private paced = 0;
  private startedAt = 0;

  constructor(
    private readonly stream: MessageStream,
    private readonly timers: TimerSet,
  ) {}

  /** (Re)starts with these parameters; they must be in range (the route checks). */
  start(rate: number, size: number): ProducerStatus {
    this.stop();
    this.rate = rate;
    this.size = size;
    this.published = 0;
    this.paced = 0;
    this.startedAt = performance.now();
    this.timer = this.timers.interval(() => this.tick(), Math.max(10, Math.floor(1000 / rate)));
    this.tick();
    return this.status();
  }

  stop(): ProducerStatus {
    this.timers.clear(this.timer);
    this.timer = null;
    return this.status();
  }

  get running(): boolean {
    return this.timer !== null;
  }

  status(): ProducerStatus {
    return {
      running: this.running,
      rate: this.rate,
      size: this.size,
      published: this.published,
      lastId: this.stream.lastId,
    };
  }

  private tick(): void {
    const due = Math.floor(((performance.now() - this.startedAt) * this.rate) / 1000) + 1;
    let owed = due - this.paced;
    if (owed > this.rate) {
      // A stall (event loop blocked): skip ahead instead of bursting more than a second's worth.
      this.paced += owed - this.rate;
      owed = this.rate;
    }
    for (let i = 0; i < owed; i += 1) {
      this.paced += 1;
      this.published += 1;
      this.stream.publish(padded(this.published, this.stream.lastId + 1, this.size));
    }
  }
}

/** `{n, pad}` sized so that the message's JSON `{id,data,at}` is `size` bytes (or its minimum). */
export function padded(n: number, id: number, size: number): { n: number; pad: string } {
  const envelope = JSON.stringify({ id, data: { n, pad: '' }, at: Date.now() }).length;
  return { n, pad: 'x'.repeat(Math.max(0, size - envelope)) };
}
