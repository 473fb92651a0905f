/**
 * A session's mirror budget: two token buckets (WebSocket bytes and frames per second, one second of
 * burst) charged where frames enter the edge. The frame thinner (frame-thinner.ts) asks it before
 * each frame; a session over budget thins only its own capture.
 */
export interface BudgetRates {
  bytesPerSecond: number;
  framesPerSecond: number;
}

export class MirrorBudget {
  private bytes: number;
  private frames: number;
  private at: number;
  /** Frames and bytes thinned so far (counted, not carried). */
  thinnedFrames = 0;
  thinnedBytes = 0;

  constructor(
    private readonly rates: BudgetRates,
    private readonly now: () => number,
  ) {
    this.bytes = rates.bytesPerSecond;
    this.frames = rates.framesPerSecond;
    this.at = now();
  }

  /** Pays for one frame of `size` bytes if the budget allows it; false = thin it. */
  take(size: number): boolean {
    this.refill();
    if (this.frames < 1 || this.bytes < size) return false;
    this.frames -= 1;
    this.bytes -= size;
    return true;
  }

  /** Pays for a frame that must be carried anyway (the rest of a message already being carried). */
  charge(size: number): void {
    this.refill();
    this.frames -= 1;
    this.bytes -= size;
  }

  thinned(size: number): void {
    this.thinnedFrames += 1;
    this.thinnedBytes += size;
  }

  private refill(): void {
    const now = this.now();
    const seconds = Math.max(0, (now - this.at) / 1000);
    this.at = now;
    this.bytes = Math.min(
      this.rates.bytesPerSecond,
      this.bytes + seconds * this.rates.bytesPerSecond,
    );
    this.frames = Math.min(
      this.rates.framesPerSecond,
      this.frames + seconds * this.rates.framesPerSecond,
    );
  }
}
