/**
 * Whole-message faults, the kind a misbehaving proxy or a retry layer causes: a frame (or an
 * Engine.IO packet) dropped, sent twice, or overtaken by the next one. The stream stays decodable
 * because the edge only ever moves whole units.
 */
import type { Random } from '../scenario/prng';

export interface MessageFaultRates {
  /** Percent of units dropped. */
  drop: number;
  /** Percent of units sent twice. */
  dup: number;
  /** Percent of units held back until the next unit has gone. */
  reorder: number;
}

export type MessageFate = 'pass' | 'drop' | 'dup' | 'hold';

/**
 * Decides each unit's fate with one roll per fault, in a fixed order (drop, then dup, then
 * reorder) so each rate means what it says and the same seed gives the same fates.
 */
export class MessageDice {
  constructor(
    private readonly random: Random,
    private readonly rates: MessageFaultRates,
  ) {}

  fate(): MessageFate {
    const dropRoll = this.random();
    const dupRoll = this.random();
    const reorderRoll = this.random();
    if (dropRoll < this.rates.drop / 100) return 'drop';
    if (dupRoll < this.rates.dup / 100) return 'dup';
    if (reorderRoll < this.rates.reorder / 100) return 'hold';
    return 'pass';
  }
}

/**
 * Applies fates to a sequence of units: returns what leaves, in order, for each unit that arrives.
 * A held unit leaves right after the next unit that is not itself dropped; `flush` releases it.
 */
export class MessageShuffler<T> {
  private held: T[] = [];
  constructor(private readonly dice: MessageDice) {}

  push(unit: T): { out: T[]; fate: MessageFate } {
    const fate = this.dice.fate();
    if (fate === 'drop') return { out: [], fate };
    if (fate === 'hold') {
      this.held.push(unit);
      return { out: [], fate };
    }
    const out = fate === 'dup' ? [unit, unit] : [unit];
    out.push(...this.held);
    this.held = [];
    return { out, fate };
  }

  /** Releases held units (e.g. when the connection goes idle or closes). */
  flush(): T[] {
    const out = this.held;
    this.held = [];
    return out;
  }

  get holding(): number {
    return this.held.length;
  }
}
