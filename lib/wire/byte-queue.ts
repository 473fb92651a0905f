/**
 * A FIFO of byte chunks for streaming decoders: bytes arrive split anywhere, the decoder peeks at a
 * header, and takes whole units off the front once they are complete. Avoids re-concatenating the
 * whole backlog on every push (a 16 MiB frame arriving in 64 KiB chunks stays linear).
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** Bytes already consumed from chunks[0]. */
  private offset = 0;
  private total = 0;

  get length(): number {
    return this.total;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** The byte at index i (0 = front); i must be < length. */
  byteAt(i: number): number {
    let index = i + this.offset;
    for (const chunk of this.chunks) {
      if (index < chunk.length) return chunk[index] as number;
      index -= chunk.length;
    }
    throw new RangeError(`ByteQueue.byteAt(${i}) past length ${this.total}`);
  }

  /** A copy of the first n bytes (fewer if the queue is shorter), without consuming them. */
  peek(n: number): Uint8Array {
    const count = Math.min(n, this.total);
    const out = new Uint8Array(count);
    let written = 0;
    let skip = this.offset;
    for (const chunk of this.chunks) {
      if (written >= count) break;
      const part = chunk.subarray(skip, skip + (count - written));
      out.set(part, written);
      written += part.length;
      skip = 0;
    }
    return out;
  }

  /** Removes and returns the first n bytes (fewer if the queue is shorter). */
  take(n: number): Uint8Array {
    const out = this.peek(n);
    let remaining = out.length;
    this.total -= remaining;
    while (remaining > 0) {
      const first = this.chunks[0] as Uint8Array;
      const available = first.length - this.offset;
      if (remaining < available) {
        this.offset += remaining;
        remaining = 0;
      } else {
        remaining -= available;
        this.chunks.shift();
        this.offset = 0;
      }
    }
    return out;
  }

  takeAll(): Uint8Array {
    return this.take(this.total);
  }
}
