/**
 * The lesson index: the 16 lessons of the curriculum (LESSONS.md), in order.
 * Slugs are part of the public contract (scenario links point at them): never rename one.
 * `status: 'live'` lessons have a page at /lessons/<slug>; the rest are listed as coming.
 */

export type LessonStatus = 'live' | 'coming';

/** One guided step: its id (used by the text's <Step id> and the panel's proofs) and title. */
export interface LessonStep {
  id: string;
  title: string;
}

export interface LessonEntry {
  slug: string;
  order: number;
  title: string;
  /** One line for the home page. */
  summary: string;
  status: LessonStatus;
  /**
   * The lesson's teaching scenario as a query string (no `?`): what every link to the lesson opens
   * with, and what a bare /lessons/<slug> redirects to. Absent: the defaults teach it.
   */
  scenario?: string;
  /**
   * The guided steps, in order. The text (content/lessons/<slug>.mdx) has one <Step id> per entry
   * and the panel reports, from its folds of the captured events, when each one happened.
   */
  steps?: readonly LessonStep[];
}

export const LESSONS: readonly LessonEntry[] = [
  {
    slug: 'websocket-handshake',
    steps: [
      { id: 'upgrade', title: 'Ask for an upgrade, get a 101' },
      { id: 'accept', title: 'Recompute Sec-WebSocket-Accept' },
      { id: 'frames', title: 'Frames after the switch' },
      { id: 'close', title: 'Close with 1000' },
      { id: 'refused', title: 'Break the handshake' },
    ],
    order: 1,
    title: 'The WebSocket handshake',
    summary:
      'A GET with Upgrade, a 101 answer, and the Sec-WebSocket-Accept check recomputed from your own key.',
    status: 'live',
  },
  {
    slug: 'websocket-frames',
    steps: [
      { id: 'text', title: 'A text frame each way' },
      { id: 'binary', title: 'A binary frame' },
      { id: 'lengths', title: 'Header sizes: 7, 16 and 64-bit lengths' },
      { id: 'fragments', title: 'One message in three frames' },
      { id: 'ping-pong', title: 'Ping and pong, without JavaScript' },
      { id: 'close', title: 'Close with a code and a reason' },
    ],
    scenario: 'transport=websocket&pingInterval=2000',
    order: 2,
    title: 'WebSocket frames, byte by byte',
    summary: 'FIN, opcode, mask, 7/16/64-bit lengths, fragmentation, ping/pong and close codes.',
    status: 'live',
  },
  {
    slug: 'heartbeat',
    steps: [
      { id: 'pings', title: 'Pings and pongs, every pingInterval' },
      { id: 'deadline', title: 'Blackhole: the pong deadline passes, the server closes' },
      { id: 'reconnect', title: 'The client reconnects' },
      { id: 'app', title: 'An app-level heartbeat on a raw WebSocket' },
      { id: 'gives-up', title: 'The page gives up on a dead WebSocket' },
      { id: 'idle', title: 'A proxy closes an idle connection' },
    ],
    scenario: 'pingInterval=1000&pingTimeout=1000',
    order: 3,
    title: 'Heartbeats and half-open connections',
    summary: 'Ping/pong deadlines against a blackholed link, and why TCP keep-alive is not enough.',
    status: 'live',
  },
  {
    slug: 'socketio-stack',
    steps: [
      { id: 'emit', title: 'One emit, layer by layer' },
      { id: 'ack', title: 'An ack comes back with the same id' },
      { id: 'namespace', title: 'A second namespace on the same session' },
      { id: 'binary', title: 'A binary attachment' },
      { id: 'plain-ws', title: 'A plain WebSocket cannot talk to Socket.IO' },
    ],
    order: 4,
    title: 'The Socket.IO stack',
    summary: 'One emit traced down through Socket.IO packets, Engine.IO packets and the transport.',
    status: 'live',
  },
  {
    slug: 'engineio-upgrade',
    steps: [
      { id: 'handshake', title: 'The polling handshake: a GET answered by 0{…}' },
      { id: 'connect', title: 'Socket.IO connects over polling: 40' },
      { id: 'polling-messages', title: 'Messages before the upgrade' },
      { id: 'probe', title: 'The probe: 2probe, 3probe' },
      { id: 'upgrade', title: 'The switch: 5 (and 6)' },
      { id: 'websocket-only', title: 'WebSocket only: no polling, no probe' },
      { id: 'blocked', title: 'Upgrade blocked: still working over polling' },
    ],
    order: 5,
    title: 'Engine.IO: from polling to WebSocket',
    summary:
      'The polling handshake, messages before the upgrade, the 2probe/3probe test and the switch.',
    status: 'live',
  },
  {
    slug: 'long-polling',
    steps: [
      { id: 'held', title: 'A GET held until there is data' },
      { id: 'next', title: 'The answer, then the next GET' },
      { id: 'post', title: 'A send is a POST' },
      { id: 'timeout', title: 'Nothing to say: 204 after the hold' },
      { id: 'bytes', title: 'Bytes per delivered message' },
      { id: 'cut', title: 'A proxy cuts the hold' },
    ],
    scenario: 'transport=long-polling&rate=2&size=100',
    order: 6,
    title: 'Long polling',
    summary: 'A GET held open until data arrives, then the next one; the bytes each message costs.',
    status: 'live',
  },
  {
    slug: 'polling-sse-websocket',
    steps: [
      { id: 'four', title: 'One stream, four transports' },
      { id: 'resume', title: 'SSE resumes with Last-Event-ID' },
      { id: 'compare', title: 'Bytes, latency and requests compared' },
    ],
    scenario: 'rate=2&size=100&pollInterval=1000',
    order: 7,
    title: 'Polling, SSE and WebSocket side by side',
    summary: 'One message stream over four transports: bytes, latency and requests measured live.',
    status: 'live',
  },
  {
    slug: 'rooms-namespaces',
    steps: [
      { id: 'connect', title: 'Sockets connect and ask to join' },
      { id: 'join', title: 'Join a room' },
      { id: 'fanout', title: 'One broadcast, one frame per member' },
      { id: 'members', title: 'Non-members get nothing' },
      { id: 'refused', title: 'A namespace refuses: CONNECT_ERROR' },
    ],
    order: 8,
    title: 'Rooms and namespaces',
    summary: 'Broadcast fan-out to room members only, and namespaces as an authorization boundary.',
    status: 'live',
  },
  {
    slug: 'reconnect-backoff',
    steps: [
      { id: 'reconnect', title: 'A restart, and your socket comes back' },
      { id: 'spike', title: 'Many clients, no jitter: a spike' },
      { id: 'spread', title: 'With jitter: spread out' },
      { id: 'capped', title: 'Backoff capped' },
      { id: 'rejoin', title: 'Auth-aware rejoin and resume' },
    ],
    order: 9,
    title: 'Reconnects, backoff and jitter',
    summary: 'Thundering herds without jitter, spread reconnects with it, and auth-aware rejoin.',
    status: 'live',
  },
  {
    slug: 'backpressure',
    scenario:
      'transport=websocket&bandwidth=1000000&dir=down&bpRate=250&size=16000&watermark=262144&policy=drop-oldest',
    steps: [
      { id: 'drop', title: 'The queue reaches the watermark; the oldest are dropped' },
      { id: 'grow', title: 'No policy: the queue grows past the watermark' },
      { id: 'pause', title: 'Pause the producer until the queue drains' },
      { id: 'coalesce', title: 'Batch and coalesce' },
      { id: 'compare', title: 'Compare the p99 of your runs' },
    ],
    order: 10,
    title: 'Backpressure',
    summary:
      'A fast producer and a slow consumer: queue depth, drop policies, batching, p99 latency.',
    status: 'live',
  },
  {
    slug: 'ordering-replay',
    scenario:
      'transport=websocket&drop=10&dup=15&reorder=25&dir=down&seed=3&orderRate=20&reorderWindow=4',
    steps: [
      { id: 'dedup', title: 'Duplicates dropped by the dedup cache' },
      { id: 'reorder', title: 'A reorder held in the window, then applied' },
      { id: 'replay', title: 'A gap, a replay request, the events again' },
    ],
    order: 11,
    title: 'Ordering and replay',
    summary: 'Duplicates, reordering and gaps handled with sequence numbers, dedup and replay.',
    status: 'live',
  },
  {
    slug: 'delivery-guarantees',
    steps: [
      { id: 'lost', title: 'Lost while disconnected: at most once' },
      { id: 'recovered', title: 'Recovered after a short outage' },
      { id: 'refused', title: 'Not recovered past the window or after a restart' },
      { id: 'once', title: 'Ack, retry and dedup against dropped frames' },
    ],
    order: 12,
    title: 'Delivery guarantees',
    summary: 'At-most-once by default, connection state recovery, and ack + retry + dedup.',
    status: 'live',
  },
  {
    slug: 'auth-sessions',
    scenario: 'tokenTtl=3000',
    steps: [
      { id: 'token', title: 'The token travels in CONNECT' },
      { id: 'expiry', title: 'The token expires while the socket is open' },
      { id: 'revalidate', title: 'Re-validated on reconnect' },
      { id: 'lingered', title: 'Revoked, but still in the room' },
      { id: 'disconnect', title: 'Revoked, and disconnected by the server' },
    ],
    order: 13,
    title: 'Auth on long-lived connections',
    summary: 'Tokens that expire while the socket stays open, revoked permissions, re-validation.',
    status: 'live',
  },
  {
    slug: 'scaling-out',
    order: 14,
    title: 'Scaling out',
    summary:
      'Several nodes behind a load balancer: adapters, Redis, and why polling needs stickiness.',
    status: 'coming',
  },
  {
    slug: 'overhead-measured',
    order: 15,
    title: 'Overhead, measured',
    summary: 'Bytes per message and messages per second per transport, against common claims.',
    status: 'coming',
  },
  {
    slug: 'choosing',
    order: 16,
    title: 'Choosing a transport',
    summary:
      'SSE, WebSocket, Socket.IO or a managed service: a decision guide linked to the evidence.',
    status: 'coming',
  },
];

export function lessonBySlug(slug: string): LessonEntry | undefined {
  return LESSONS.find((l) => l.slug === slug);
}

export function liveLessons(): LessonEntry[] {
  return LESSONS.filter((l) => l.status === 'live');
}

/** The link to a lesson in its teaching scenario. */
export function lessonHref(lesson: Pick<LessonEntry, 'slug' | 'scenario'>): string {
  return `/lessons/${lesson.slug}${lesson.scenario ? `?${lesson.scenario}` : ''}`;
}
