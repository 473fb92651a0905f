/**
 * A session's message stream: one numbered sequence of messages delivered over every transport at
 * once (long poll, short poll, SSE, ws /feed, Socket.IO `feed`) for the polling-vs-SSE-vs-WebSocket
 * lesson. Ids start at 1 and only grow; the last RING_SIZE messages are kept so a long-poll cursor
 * or an SSE Last-Event-ID can resume without missing anything.
 *
 * Every transport carries the same JSON text per message, `{"id":n,"data":…,"at":ms}`, so bytes
 * per message compare like for like.
 */
export const RING_SIZE = 1000;

import type { StreamMessage } from '../../lib/lab/endpoints';

export type { StreamMessage } from '../../lib/lab/endpoints';

export interface StreamEntry {
  message: StreamMessage;
  /** JSON.stringify(message), made once. */
  json: string;
}

export interface Since {
  entries: StreamEntry[];
  /** Messages after the cursor that have already left the ring buffer. */
  missed: number;
}

export class MessageStream {
  private readonly ring: (StreamEntry | undefined)[];
  private next = 1;
  private readonly listeners = new Set<(entry: StreamEntry) => void>();

  constructor(readonly capacity = RING_SIZE) {
    this.ring = new Array(capacity);
  }

  publish(data: unknown): StreamEntry {
    const message: StreamMessage = { id: this.next, data, at: Date.now() };
    this.next += 1;
    const entry: StreamEntry = { message, json: JSON.stringify(message) };
    this.ring[message.id % this.capacity] = entry;
    for (const listener of [...this.listeners]) {
      try {
        listener(entry);
      } catch {
        // One broken subscriber must not starve the others.
      }
    }
    return entry;
  }

  /** Id of the newest message (0 before the first). */
  get lastId(): number {
    return this.next - 1;
  }

  /** Id of the oldest message still in the ring (lastId + 1 when empty). */
  get oldestId(): number {
    return Math.max(1, this.next - this.capacity);
  }

  /** Messages with id > cursor that are still kept, oldest first. */
  since(cursor: number): Since {
    const from = Math.max(cursor + 1, this.oldestId);
    const entries: StreamEntry[] = [];
    for (let id = from; id <= this.lastId; id += 1) {
      const entry = this.ring[id % this.capacity];
      if (entry !== undefined) entries.push(entry);
    }
    return { entries, missed: Math.max(0, from - cursor - 1) };
  }

  subscribe(listener: (entry: StreamEntry) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}
