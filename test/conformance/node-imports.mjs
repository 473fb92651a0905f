/**
 * Wire Lab's replacement for the suites' node-imports.js (which sets node-fetch, ws and chai with
 * chai-string as globals). Same globals, but fetch and WebSocket carry extra headers on every
 * request and handshake (the Wire Lab session's key cookie), and the base URL is configurable:
 *
 *   CONFORMANCE_URL      base the suites append /engine.io/... or /socket.io/... to
 *                        (default: the suites' own http://localhost:3000)
 *   CONFORMANCE_HEADERS  JSON object of headers for every request, e.g. {"cookie":"wl_key=..."}
 *
 * fetch is Node's own (undici) instead of node-fetch.
 */
import chai from 'chai';
import chaiString from 'chai-string';
import { WebSocket as WsWebSocket } from 'ws';

chai.use(chaiString);

const headers = JSON.parse(process.env.CONFORMANCE_HEADERS ?? '{}');
if (process.env.CONFORMANCE_URL !== undefined) {
  globalThis.CONFORMANCE_URL = process.env.CONFORMANCE_URL.replace(/\/+$/, '');
}

const nativeFetch = globalThis.fetch;

/** Node's fetch with the extra headers (the call's own headers win). */
function fetchWithHeaders(input, init = {}) {
  const merged = new Headers(headers);
  for (const [name, value] of new Headers(init.headers)) merged.set(name, value);
  return nativeFetch(input, { ...init, headers: merged });
}

/** ws's WebSocket with the extra headers on the opening handshake. */
class WebSocketWithHeaders extends WsWebSocket {
  constructor(url, protocols, options) {
    super(url, protocols ?? [], { ...options, headers: { ...headers, ...options?.headers } });
  }
}

globalThis.fetch = fetchWithHeaders;
globalThis.WebSocket = WebSocketWithHeaders;
globalThis.chai = chai;
