/** What common request and response headers mean, for dissectHttpHead and the lessons' header tables. */
const MEANINGS: Record<string, string> = {
  host: 'the server name and port the request is for (required in HTTP/1.1)',
  connection:
    'hop-by-hop options; "Upgrade" asks this hop to switch protocols (RFC 9110 §7.6.1, §7.8)',
  upgrade: 'the protocol to switch to: "websocket" (RFC 6455 §4.1)',
  'sec-websocket-key':
    '16 random bytes, base64; the server proves it read the handshake by hashing it (RFC 6455 §4.1)',
  'sec-websocket-version': 'WebSocket protocol version; 13 is the only one RFC 6455 defines',
  'sec-websocket-extensions':
    'extensions offered (request) or accepted (response), e.g. permessage-deflate (RFC 7692)',
  'sec-websocket-protocol': 'application subprotocols offered or the one chosen (RFC 6455 §4.1)',
  'sec-websocket-accept':
    'base64(SHA-1(key + 258EAFA5-E914-47DA-95CA-C5AB0DC85B11)): proof the server read the key (RFC 6455 §4.2.2)',
  origin:
    'the page that opened the connection; servers may refuse untrusted origins (RFC 6455 §10.2)',
  'user-agent': 'the browser and its version',
  'cache-control': 'caching directives; browsers send no-cache on a WebSocket handshake',
  pragma: 'HTTP/1.0 cache directive, kept for old proxies',
  'accept-encoding': 'compression the client understands for response bodies',
  'accept-language': 'the languages the user prefers',
  accept: 'media types the client accepts',
  'content-type': 'media type of the body',
  'content-length': 'body length in bytes',
  'transfer-encoding': 'how the body is framed, e.g. chunked',
  cookie: 'cookies the browser sends to this origin',
  'set-cookie': 'a cookie the server asks the browser to store',
  date: 'when the response was generated',
  'keep-alive': 'how long an idle persistent connection stays open',
  'access-control-allow-origin': 'CORS: which origins may read the response',
  'access-control-allow-credentials': 'CORS: whether credentials may be included',
  'x-forwarded-for': 'added by a proxy: the client address it saw',
  'x-forwarded-proto': 'added by a proxy: the scheme the client used',
  'x-forwarded-host': 'added by a proxy: the Host the client asked for',
  forwarded: 'added by a proxy: client address, scheme and host (RFC 7239)',
  via: 'added by a proxy: the intermediaries the message passed',
  referer: 'the page the request came from',
  'sec-fetch-site': 'fetch metadata: how the request relates to the page origin',
  'sec-fetch-mode': 'fetch metadata: the request mode',
  'sec-fetch-dest': 'fetch metadata: where the response will be used',
};

export function headerMeaning(name: string): string | undefined {
  return MEANINGS[name.toLowerCase()];
}
