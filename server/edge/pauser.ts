/**
 * Pauses a readable for named reasons (the other side's write buffer is full, the tap is behind)
 * and resumes it only when no reason is left, so one reason's resume cannot undo another's pause.
 */
export interface Pausable {
  pause(): unknown;
  resume(): unknown;
}

export class Pauser {
  private readonly reasons = new Set<string>();

  constructor(private readonly stream: Pausable) {}

  pause(reason: string): void {
    this.reasons.add(reason);
    this.stream.pause();
  }

  resume(reason: string): void {
    if (!this.reasons.delete(reason)) return;
    if (this.reasons.size === 0) this.stream.resume();
  }

  has(reason: string): boolean {
    return this.reasons.has(reason);
  }
}
