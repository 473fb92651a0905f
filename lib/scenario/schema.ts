/**
 * The scenario: everything a shared link reproduces. This zod schema is the single source of the
 * parameter names, their defaults and their ranges; the URL codec, the controls and the edge's
 * fault pipeline all read it.
 */
import { z } from 'zod';

// No code generation: zod's JIT probes `new Function('')`, which the pages' CSP (no 'unsafe-eval',
// server/page-headers.ts) refuses and reports as a violation. The interpreted parser is plenty here.
z.config({ jitless: true });

export const TRANSPORTS = [
  'websocket',
  'socketio',
  'socketio-websocket',
  'socketio-polling',
  'long-polling',
  'sse',
] as const;
export type Transport = (typeof TRANSPORTS)[number];

export const TRANSPORT_LABELS: Record<Transport, string> = {
  websocket: 'Raw WebSocket',
  socketio: 'Socket.IO (polling, then upgrade)',
  'socketio-websocket': 'Socket.IO, WebSocket only',
  'socketio-polling': 'Socket.IO, polling only',
  'long-polling': 'Plain long polling',
  sse: 'Server-sent events',
};

export const DIRECTIONS = ['both', 'up', 'down'] as const;
export type FaultDirection = (typeof DIRECTIONS)[number];

/** Backpressure policies (lesson 10): buffer everything, drop oldest / newest queued, pause the producer until drain, split critical from non-critical. */
export const BP_POLICIES = ['buffer', 'drop-oldest', 'drop-newest', 'pause', 'split'] as const;
export type BpPolicy = (typeof BP_POLICIES)[number];

const percent = (max = 100) => z.number().min(0).max(max);
const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** Field schemas with defaults. Units are in the names' descriptions and the UI labels. */
export const scenarioShape = {
  transport: z.enum(TRANSPORTS).default('socketio'),
  /** Seed of every fault's dice; 32-bit unsigned. */
  seed: int(0, 4_294_967_295).default(1),
  /** Which direction the faults act on. */
  dir: z.enum(DIRECTIONS).default('both'),
  /** % of TCP segments lost, modelled as retransmission stalls (TCP never loses a frame). */
  loss: percent(50).default(0),
  /** % of whole frames / Engine.IO packets dropped by a misbehaving proxy. */
  drop: percent().default(0),
  /** % of frames / packets sent twice. */
  dup: percent().default(0),
  /** % of frames / packets held back and sent after the next one. */
  reorder: percent().default(0),
  /** Added one-way delay, ms. */
  latency: int(0, 10_000).default(0),
  /** Uniform jitter added to the latency, ± ms. */
  jitter: int(0, 5_000).default(0),
  /** Bytes per second; 0 = unlimited. */
  bandwidth: int(0, 1_000_000_000).default(0),
  /** Half-open connection: bytes vanish, no FIN, no RST. */
  blackhole: z.boolean().default(false),
  /** The proxy closes a connection after this many seconds without bytes; 0 = never. */
  idle: int(0, 3_600).default(0),
  /** Slow close: the proxy waits this many ms before passing on a FIN; 0 = at once. */
  slowClose: int(0, 30_000).default(0),
  /** The proxy removes Upgrade and Connection headers, so WebSocket handshakes fail. */
  strip: z.boolean().default(false),
  /** The proxy rewrites Sec-WebSocket-Version to this value (13 = leave it; RFC 6455 §4.4: others get 426). */
  wsVersion: int(0, 255).default(13),
  /** The proxy rewrites Origin to a foreign site, which the lab node refuses with 403 (RFC 6455 §4.2.2). */
  foreignOrigin: z.boolean().default(false),
  /** Engine.IO server ping interval, ms (socket.io default 25000). */
  pingInterval: int(500, 120_000).default(25_000),
  /** Engine.IO server ping timeout, ms (socket.io default 20000). */
  pingTimeout: int(500, 120_000).default(20_000),
  /** Server-side producer: messages per second pushed to every transport (lessons 6, 7); 0 = off. */
  rate: int(0, 200).default(2),
  /** Server-side producer: bytes of `data` per message. */
  size: int(1, 65_536).default(100),
  /** Short polling: ms between the end of one `GET /poll?wait=0` and the next (lesson 7). */
  pollInterval: int(100, 10_000).default(1_000),
  /** Long polling: ms the server holds a `GET /poll` with nothing to deliver (`?wait=`; lab default 25000). */
  hold: int(100, 120_000).default(25_000),
  /** Lifetime of a token from `POST /auth/token?ttl=`, ms (lesson 13; lab range 500-3600000, default 60000). */
  tokenTtl: int(500, 3_600_000).default(60_000),
  /** Reconnect backoff (lesson 9): first delay, ms (socket.io-client `reconnectionDelay`, default 1000). */
  backoffBase: int(100, 10_000).default(1_000),
  /** Reconnect backoff: multiplier per attempt (socket.io-client fixes it at 2). */
  backoffFactor: z.number().min(1).max(4).default(2),
  /** Reconnect backoff: largest delay, ms (socket.io-client `reconnectionDelayMax`, default 5000). */
  backoffCap: int(500, 60_000).default(5_000),
  /** Reconnect backoff: ± fraction of each delay (socket.io-client `randomizationFactor`, default 0.5). */
  backoffJitter: z.number().min(0).max(1).default(0.5),
  /** Reconnect attempts before giving up (socket.io-client `reconnectionAttempts`, default Infinity). */
  retries: int(0, 50).default(10),
  /** Simulated clients for a reconnect herd (lesson 9; the lab's cap is 50). */
  clients: int(0, 50).default(20),
  /** Socket.IO connection state recovery: maxDisconnectionDuration, ms (lesson 12; socket.io default 120000). */
  csrWindow: int(0, 120_000).default(10_000),
  /** Ordered feed (lesson 11): events per second from `/ordered`. */
  orderRate: int(1, 200).default(20),
  /** Ordered feed: the consumer's reorder window, in sequence numbers. */
  reorderWindow: int(1, 64).default(4),
  /** Backpressure (lesson 10): producer messages per second. */
  bpRate: int(1, 10_000).default(1_000),
  /** Backpressure: high watermark of the server's send queue, bytes. */
  watermark: int(1_024, 16_777_216).default(65_536),
  /** Backpressure: what the producer does above the watermark. */
  policy: z.enum(BP_POLICIES).default('buffer'),
  /** Backpressure: batching window, ms (0 = send each message at once). */
  batchMs: int(0, 100).default(0),
  /** Backpressure: inside a batch, keep only the latest state per key. */
  coalesce: z.boolean().default(false),
} as const;

export const scenarioSchema = z.object(scenarioShape);
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioKey = keyof Scenario;
export const SCENARIO_KEYS = Object.keys(scenarioShape) as ScenarioKey[];

export const DEFAULT_SCENARIO: Scenario = scenarioSchema.parse({});

/** Human description of what a field accepts, for error messages and control hints. */
export function allowedValues(key: ScenarioKey): string {
  const field = scenarioShape[key].unwrap();
  if (field instanceof z.ZodEnum) return `one of ${field.options.map((o) => `"${o}"`).join(', ')}`;
  if (field instanceof z.ZodBoolean) return '0 or 1 (also true/false)';
  if (field instanceof z.ZodNumber) {
    const kind = field.format === 'safeint' || field.isInt ? 'an integer' : 'a number';
    return `${kind} from ${field.minValue} to ${field.maxValue}`;
  }
  return 'a valid value';
}

/**
 * The fields that are faults the edge injects (as opposed to the transport, the lesson's knobs and
 * the seed): what "Clear faults" puts back to their defaults.
 */
export const FAULT_KEYS = [
  'loss',
  'drop',
  'dup',
  'reorder',
  'latency',
  'jitter',
  'bandwidth',
  'blackhole',
  'idle',
  'slowClose',
  'strip',
  'wsVersion',
  'foreignOrigin',
] as const satisfies readonly ScenarioKey[];

/** The scenario change that clears every fault and keeps everything else. */
export function clearedFaults(): Partial<Scenario> {
  const out: Partial<Record<ScenarioKey, unknown>> = {};
  for (const k of FAULT_KEYS) out[k] = DEFAULT_SCENARIO[k];
  return out as Partial<Scenario>;
}

/** True when any fault differs from its default. */
export function hasFaults(s: Scenario): boolean {
  return FAULT_KEYS.some((k) => s[k] !== DEFAULT_SCENARIO[k]);
}
