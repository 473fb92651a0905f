/**
 * A page's mirror client on its own thread (or in its own process: a page on another machine), as
 * the page's dissect worker is: opens the mirror
 * channel, reads every binary batch with TapStreamReader and dissects it with RecordDecoder
 * (components/mirror/dissector.ts does the same, minus keeping records for the download), and
 * counts what it received. Lag = the consumer's clock − the record's t, after dissection, on one
 * clock: both sides convert to epoch ms (performance.timeOrigin + now), good to a few µs.
 */
import { parentPort } from 'node:worker_threads';
import { WebSocket } from 'ws';
import type { ServerMessage } from '../lib/mirror/protocol';
import { RecordDecoder } from '../lib/mirror/record-decoder';
import { TapStreamReader } from '../lib/mirror/tap-stream';
import type { ConsumerStats, FromConsumer, ToConsumer } from './consumer-protocol';
import { type Throughput, throughput } from './echo';
import { type FragmentFlood, fragmentFlood } from './fragments';

/** The parent: a worker thread's port, or a forked process's IPC channel. */
const port = (() => {
  if (parentPort !== null) return parentPort;
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('consumer-worker runs in a worker thread or a fork');
  return {
    postMessage: (message: FromConsumer) => send(message),
    on: (event: 'message', listener: (message: ToConsumer) => void) => process.on(event, listener),
  };
})();

const stats: ConsumerStats = {
  messages: 0,
  bytes: 0,
  batches: 0,
  batchBytes: 0,
  records: 0,
  browserBytes: 0,
  nodeBytes: 0,
  elidedRecords: 0,
  elidedBytes: 0,
  browserElidedBytes: 0,
  elidedFrames: 0,
  events: 0,
  wsFrames: 0,
  dropped: 0,
  busyMs: 0,
  lastT: 0,
  notices: {},
  lastNotice: '',
};
const reader = new TapStreamReader();
let decoder = new RecordDecoder();
let ws: WebSocket | null = null;
let t0Epoch = Number.NaN;
let since = Number.POSITIVE_INFINITY;
let lags: number[] = [];
let dissect = true;
let cookie = '';
const floods: { echo: Promise<Throughput>[]; fragments: Promise<FragmentFlood>[] } = {
  echo: [],
  fragments: [],
};
let stopFloods = new AbortController();

const reply = (message: FromConsumer) => port.postMessage(message);

function onBatch(data: Buffer): void {
  const started = performance.now();
  const batch = reader.decode(data);
  stats.batches += 1;
  stats.batchBytes += data.length;
  stats.dropped += batch.dropped;
  stats.records += batch.records.length;
  for (const record of batch.records) {
    if (record.kind === 'event') continue;
    const length = record.kind === 'bytes' ? record.data.length : record.length;
    if (record.hop === 'browser-edge') stats.browserBytes += length;
    else stats.nodeBytes += length;
    if (record.kind === 'elided') {
      stats.elidedRecords += 1;
      stats.elidedBytes += record.length;
      if (record.hop === 'browser-edge') stats.browserElidedBytes += record.length;
      stats.elidedFrames += record.frames;
    }
    if (record.t > stats.lastT) stats.lastT = record.t;
  }
  if (!dissect) {
    stats.busyMs += performance.now() - started;
    return;
  }
  const events = decoder.push(batch.records);
  stats.events += events.length;
  const now = performance.timeOrigin + performance.now() - t0Epoch;
  for (const event of events) {
    if (event.kind !== 'ws-frame') continue;
    stats.wsFrames += 1;
    if (event.t >= since) lags.push(now - event.t);
  }
  stats.busyMs += performance.now() - started;
}

function open(id: number, url: string): void {
  const socket = new WebSocket(url);
  ws = socket;
  socket.on('upgrade', (res) => {
    cookie = (res.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0] ?? '')
      .filter((c) => c !== '')
      .join('; ');
  });
  socket.on('error', (error) => reply({ id, type: 'error', message: error.message }));
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    stats.messages += 1;
    stats.bytes += data.length;
    if (isBinary) {
      onBatch(data);
      return;
    }
    const message = JSON.parse(data.toString()) as ServerMessage;
    if (message.type === 'hello') {
      decoder = new RecordDecoder({ maxPayload: message.limits.maxPayload });
      reply({
        id,
        type: 'hello',
        hello: {
          session: message.session,
          labBase: message.labBase,
          limits: message.limits,
          cookie,
        },
      });
      return;
    }
    stats.notices[message.type] = (stats.notices[message.type] ?? 0) + 1;
    if (message.type === 'limit' || message.type === 'error') stats.lastNotice = message.message;
  });
}

async function unflood(id: number): Promise<void> {
  stopFloods.abort();
  stopFloods = new AbortController();
  const result = { echoed: 0, fragments: 0 };
  for (const flood of await Promise.all(floods.fragments.splice(0))) {
    result.fragments += flood.frames;
    await flood.stop();
  }
  for (const echo of await Promise.all(floods.echo.splice(0))) result.echoed += echo.count;
  reply({ id, type: 'flooded', result });
}

port.on('message', (message: ToConsumer) => {
  switch (message.type) {
    case 'open':
      open(message.id, message.url);
      return;
    case 'clock':
      t0Epoch = message.t0Epoch;
      break;
    case 'lag':
      since = message.since;
      lags = [];
      break;
    case 'take-lags': {
      const taken = Float64Array.from(lags);
      lags = [];
      since = Number.POSITIVE_INFINITY;
      reply({ id: message.id, type: 'lags', lags: taken });
      return;
    }
    case 'stats':
      reply({ id: message.id, type: 'stats', stats: structuredClone(stats) });
      return;
    case 'dissect':
      dissect = message.on;
      break;
    case 'flood': {
      const headers = { cookie };
      if (message.kind === 'echo') {
        const url = `ws://127.0.0.1:${message.port}${message.path}`;
        const window = { messages: 1e12, windowMs: 1e9, signal: stopFloods.signal };
        floods.echo.push(throughput(url, 16 * 1024, headers, window));
      } else {
        floods.fragments.push(fragmentFlood(message.port, message.path, headers));
      }
      break;
    }
    case 'unflood':
      void unflood(message.id);
      return;
    case 'send':
      ws?.send(message.message);
      break;
    case 'close':
      if (ws === null || ws.readyState === WebSocket.CLOSED) break;
      ws.once('close', () => reply({ id: message.id, type: 'ok' }));
      ws.close();
      return;
  }
  reply({ id: message.id, type: 'ok' });
});
