/**
 * Control of the session's message source (lesson 7):
 *   GET  /lab/<s>/stream                       → 200 status
 *   POST /lab/<s>/stream/start?rate=N&size=B   → 200 status (restarts with new values if running)
 *   POST /lab/<s>/stream/stop                  → 200 status
 * status = {running, rate, size, published, lastId, oldestId, subscribers}.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StreamStatus } from '../../lib/lab/endpoints';
import type { MessageStream } from './message-stream';
import { Params, sendError, sendJson, sendText } from './params';
import { MAX_BYTES_PER_SECOND, PRODUCER_RANGES, type Producer } from './producer';

export const DEFAULT_RATE = 10;
export const DEFAULT_SIZE = 100;

export function handleStream(
  action: 'status' | 'start' | 'stop',
  req: IncomingMessage,
  res: ServerResponse,
  producer: Producer,
  stream: MessageStream,
): void {
  const wanted = action === 'status' ? 'GET' : 'POST';
  if (req.method !== wanted) {
    sendText(res, 405, `use ${wanted}\n`, { Allow: wanted });
    return;
  }
  const params = Params.of(req.url);
  let rate = DEFAULT_RATE;
  let size = DEFAULT_SIZE;
  if (action === 'start') {
    rate = params.int('rate', ...PRODUCER_RANGES.rate, DEFAULT_RATE);
    size = params.int('size', ...PRODUCER_RANGES.size, DEFAULT_SIZE);
  }
  params.rejectUnknown();
  if (params.error === null && rate * size > MAX_BYTES_PER_SECOND) {
    params.error = `rate × size must be at most ${MAX_BYTES_PER_SECOND} bytes/s, got ${rate} × ${size} = ${rate * size}`;
  }
  if (params.error !== null) {
    sendError(res, 400, params.error);
    return;
  }
  if (action === 'start') producer.start(rate, size);
  else if (action === 'stop') producer.stop();
  sendJson(res, 200, {
    ...producer.status(),
    oldestId: stream.oldestId,
    subscribers: stream.subscribers,
  } satisfies StreamStatus);
}
