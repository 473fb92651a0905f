/** What the server says about where it listens: the real bind address, then a URL to open. */

/** True for the wildcard addresses (every interface). */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/** A URL host for `host`: brackets around IPv6 literals, localhost for a wildcard. */
export function urlHost(host: string): string {
  if (isWildcard(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * e.g. "listening on 0.0.0.0:3000 (every interface; open http://localhost:3000)" or
 * "listening on 127.0.0.1:3000 (http://127.0.0.1:3000)".
 */
export function listenDescription(host: string, port: number): string {
  const bound = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = `http://${urlHost(host)}:${port}`;
  return isWildcard(host)
    ? `listening on ${bound} (every interface; open ${url})`
    : `listening on ${bound} (${url})`;
}
