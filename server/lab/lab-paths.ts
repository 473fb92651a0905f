/** The lab node's endpoints, relative to /lab/<session>. docs/lab-endpoints.md describes each. */
export const LAB_PATHS = {
  /** Raw WebSocket echo + app heartbeat (+ protocol pings when configured). */
  ws: '/ws',
  /** Raw WebSocket push of the session's message stream. */
  feed: '/feed',
  /** Socket.IO v4 (engine.io `path`). */
  socketio: '/socket.io/',
  /** Long / short polling on the message stream; POST publishes. */
  poll: '/poll',
  /** Server-sent events on the message stream. */
  sse: '/sse',
  stream: '/stream',
  streamStart: '/stream/start',
  streamStop: '/stream/stop',
  config: '/config',
  authToken: '/auth/token',
  authRevoke: '/auth/revoke',
  clients: '/clients',
} as const;

export type LabPathName = keyof typeof LAB_PATHS;
