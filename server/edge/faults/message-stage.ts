/**
 * Drop / duplicate / reorder of whole WebSocket frames (what a misbehaving proxy or a retry layer
 * does), with lib/faults' MessageDice and MessageShuffler. Only units the cutter marked as whole
 * data frames roll the dice; everything else passes in place. A held frame leaves right after the
 * next data frame, or after HOLD_MS without one, or when the stream ends.
 */
import {
  MessageDice,
  type MessageFaultRates,
  MessageShuffler,
} from '../../../lib/faults/message-faults';
import type { Random } from '../../../lib/scenario/prng';
import type { FaultInfo } from '../tap';
import type { Schedule } from './fault-report';
import type { Unit } from './frame-cutter';

/** A held frame waits at most this long for a next frame to overtake it. */
export const HOLD_MS = 500;

export interface MessageStageOptions {
  report(fault: 'drop' | 'dup' | 'reorder', info: FaultInfo): void;
  deliver(unit: Unit): void;
  schedule: Schedule;
}

export const NO_MESSAGE_FAULTS: MessageFaultRates = { drop: 0, dup: 0, reorder: 0 };

export function hasMessageFaults(rates: MessageFaultRates): boolean {
  return rates.drop > 0 || rates.dup > 0 || rates.reorder > 0;
}

export class MessageStage {
  private shuffler: MessageShuffler<Unit> | null = null;
  private random: Random | null = null;
  private ratesKey = '';
  private cancelHold: (() => void) | null = null;

  constructor(private readonly options: MessageStageOptions) {}

  get holding(): number {
    return this.shuffler?.holding ?? 0;
  }

  /**
   * One unit with the rates in force now. `random` is this direction's message-fault stream (the
   * same function until the seed changes, so changing a rate does not restart the dice).
   */
  push(unit: Unit, rates: MessageFaultRates, random: Random): void {
    const frame = unit.frame;
    if (frame === undefined) {
      this.options.deliver(unit);
      return;
    }
    if (!hasMessageFaults(rates)) {
      this.options.deliver(unit);
      this.release();
      return;
    }
    const shuffler = this.shufflerFor(rates, random);
    const { out, fate } = shuffler.push(unit);
    const what = `${frame.opcode === 1 ? 'text' : 'binary'} frame (${frame.payloadLength} B payload)`;
    if (fate === 'drop') {
      this.options.report('drop', {
        detail: `${what} dropped: it never reaches the other hop`,
        bytes: unit.bytes.length,
        affected: unit.bytes,
      });
    } else if (fate === 'dup') {
      this.options.report('dup', {
        detail: `${what} sent twice`,
        bytes: unit.bytes.length,
        affected: unit.bytes,
      });
    } else if (fate === 'hold') {
      this.options.report('reorder', {
        detail: `${what} held back: the next frame overtakes it`,
        bytes: unit.bytes.length,
        affected: unit.bytes,
      });
    }
    for (const u of out) this.options.deliver(u);
    if (shuffler.holding === 0) this.stopHoldTimer();
    else if (this.cancelHold === null) {
      this.cancelHold = this.options.schedule(() => {
        this.cancelHold = null;
        this.release();
      }, HOLD_MS);
    }
  }

  /** Sends every held frame now (timeout, rates changed, stream ended). */
  release(): void {
    this.stopHoldTimer();
    const held = this.shuffler?.flush() ?? [];
    for (const u of held) this.options.deliver(u);
  }

  destroy(): void {
    this.stopHoldTimer();
    this.shuffler = null;
  }

  private shufflerFor(rates: MessageFaultRates, random: Random): MessageShuffler<Unit> {
    const key = `${rates.drop}/${rates.dup}/${rates.reorder}`;
    if (this.shuffler === null || key !== this.ratesKey || random !== this.random) {
      this.release();
      this.shuffler = new MessageShuffler<Unit>(new MessageDice(random, { ...rates }));
      this.ratesKey = key;
      this.random = random;
    }
    return this.shuffler;
  }

  private stopHoldTimer(): void {
    if (this.cancelHold !== null) {
      this.cancelHold();
      this.cancelHold = null;
    }
  }
}
