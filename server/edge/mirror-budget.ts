/**
 * A session's mirror budget: token buckets (WebSocket bytes and frames per second, one second of
 * burst) charged where frames enter the edge. The frame thinner (frame-thinner.ts) asks it before
 * each frame; a session over budget thins only its own capture.
 *
 * Thinning saves the mirror and the page, not the edge: it still reads every frame's header. So
 * a third bucket, FLOOD_FACTOR times the frames budget, counts the frames the edge follows; past
 * it the session is `flooding` and its sockets wait (floodWaitMs) until the bucket refills: one
 * learner's flood of tiny frames costs the server a bounded share and slows only that learner.
 */
export interface BudgetRates {
  bytesPerSecond: number;
  framesPerSecond: number;
}

/**
 * Frames per second the edge follows for one session, as a multiple of its frames budget: 200,000
 * by default. Measured (`npm run bench`, fairness): a flood of 1-byte fragments held there leaves
 * another session's echo at ~1 ms p50, while a 64 B echo flood (~160,000 frames/s) is not held.
 */
export const FLOOD_FACTOR = 40;

export class MirrorBudget {
  private bytes: number;
  private frames: number;
  private work: number;
  private at: number;
  private readonly workRate: number;
  /** Frames and bytes thinned so far (counted, not carried). */
  thinnedFrames = 0;
  thinnedBytes = 0;

  constructor(
    private readonly rates: BudgetRates,
    private readonly now: () => number,
  ) {
    this.bytes = rates.bytesPerSecond;
    this.frames = rates.framesPerSecond;
    this.workRate = rates.framesPerSecond * FLOOD_FACTOR;
    this.work = this.workRate;
    this.at = now();
  }

  /** Frames per second the edge follows before the session's sockets wait. */
  get floodFramesPerSecond(): number {
    return this.workRate;
  }

  /** Pays for one frame of `size` bytes if the budget allows it; false = thin it. */
  take(size: number): boolean {
    this.refill();
    this.work -= 1;
    if (this.frames < 1 || this.bytes < size) return false;
    this.frames -= 1;
    this.bytes -= size;
    return true;
  }

  /** Pays for a frame that must be carried anyway (the rest of a message already being carried). */
  charge(size: number): void {
    this.refill();
    this.work -= 1;
    this.frames -= 1;
    this.bytes -= size;
  }

  /** A frame the edge followed without asking (it was going to be carried whatever the budget). */
  seen(): void {
    this.work -= 1;
  }

  thinned(size: number): void {
    this.thinnedFrames += 1;
    this.thinnedBytes += size;
  }

  /** More frames than the edge follows for one session: its sockets should wait. */
  get flooding(): boolean {
    this.refill();
    return this.work < 0;
  }

  /** How long until the session is no longer flooding (ms, 0 = now). */
  floodWaitMs(): number {
    this.refill();
    return this.work >= 0 ? 0 : Math.ceil((-this.work / this.workRate) * 1000);
  }

  private refill(): void {
    const now = this.now();
    const seconds = Math.max(0, (now - this.at) / 1000);
    if (seconds === 0) return;
    this.at = now;
    this.bytes = Math.min(
      this.rates.bytesPerSecond,
      this.bytes + seconds * this.rates.bytesPerSecond,
    );
    this.frames = Math.min(
      this.rates.framesPerSecond,
      this.frames + seconds * this.rates.framesPerSecond,
    );
    this.work = Math.min(this.workRate, this.work + seconds * this.workRate);
  }
}
