/** Reassembles data frames (text/binary + continuations) into messages (RFC 6455 §5.4). */

import { concatBytes, utf8DecodeStrict } from './bytes';
import type { WsFrameInfo } from './types';
import type { WsErrorCloseCode } from './ws-constants';
import { DEFAULT_MAX_PAYLOAD } from './ws-frame';

export interface AssembledMessage {
  type: 'text' | 'binary';
  /** Reassembled payload (still compressed when `compressed`). */
  data: Uint8Array;
  /** Text messages that are not compressed: the decoded text. */
  text?: string;
  /** Number of frames the message used (more than 1 = fragmented). */
  frames: number;
  /** permessage-deflate: data is deflated and was not validated as UTF-8. */
  compressed: boolean;
}

export type MessageItem =
  | { type: 'message'; message: AssembledMessage }
  | { type: 'error'; message: string; closeCode: WsErrorCloseCode };

export interface MessageAssemblerOptions {
  /** Largest reassembled message; larger fails with 1009. Default 16 MiB. */
  maxPayload?: number;
}

export class MessageAssembler {
  private readonly maxPayload: number;
  private parts: Uint8Array[] = [];
  private size = 0;
  private kind: 'text' | 'binary' | null = null;
  private compressed = false;
  private frameCount = 0;
  /** After an oversized message: its remaining continuation frames are dropped until FIN. */
  private discarding = false;

  constructor(options: MessageAssemblerOptions = {}) {
    this.maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
  }

  /** True while a fragmented message is open. */
  get inMessage(): boolean {
    return this.kind !== null;
  }

  /**
   * Feeds one decoded frame. Returns the completed message on its FIN frame, an error for an
   * out-of-order, oversized or invalid-UTF-8 message, and null otherwise (control frames,
   * non-final fragments).
   */
  push(
    frame: Pick<WsFrameInfo, 'fin' | 'opcode' | 'compressed'>,
    payload: Uint8Array,
  ): MessageItem | null {
    const { opcode } = frame;
    if (opcode >= 0x8) return null;
    if (opcode === 0x0 && this.discarding) {
      if (frame.fin) this.discarding = false;
      return null;
    }
    if (opcode === 0x0) {
      if (this.kind === null) {
        return {
          type: 'error',
          message: 'continuation frame without a message to continue',
          closeCode: 1002,
        };
      }
    } else if (opcode === 0x1 || opcode === 0x2) {
      if (this.kind !== null) {
        this.reset();
        return {
          type: 'error',
          message: 'new data frame while a fragmented message is unfinished',
          closeCode: 1002,
        };
      }
      this.discarding = false;
      this.kind = opcode === 0x1 ? 'text' : 'binary';
      this.compressed = frame.compressed === true;
    } else {
      return {
        type: 'error',
        message: `reserved opcode 0x${opcode.toString(16)}`,
        closeCode: 1002,
      };
    }
    this.parts.push(payload);
    this.size += payload.length;
    this.frameCount++;
    if (this.size > this.maxPayload) {
      const size = this.size;
      this.reset();
      this.discarding = !frame.fin;
      return {
        type: 'error',
        message: `message length ${size} > max ${this.maxPayload}`,
        closeCode: 1009,
      };
    }
    if (!frame.fin) return null;

    const data = this.parts.length === 1 ? (this.parts[0] as Uint8Array) : concatBytes(this.parts);
    const message: AssembledMessage = {
      type: this.kind as 'text' | 'binary',
      data,
      frames: this.frameCount,
      compressed: this.compressed,
    };
    this.reset();
    if (message.type === 'text' && !message.compressed) {
      const text = utf8DecodeStrict(data);
      if (text === null)
        return { type: 'error', message: 'text message is not valid UTF-8', closeCode: 1007 };
      message.text = text;
    }
    return { type: 'message', message };
  }

  private reset(): void {
    this.parts = [];
    this.size = 0;
    this.kind = null;
    this.compressed = false;
    this.frameCount = 0;
  }
}
