/**
 * Route keys: with several Wire Lab instances behind one balancer, each instance is started with its
 * own ROUTE_KEY (4 lowercase hex digits) and every session id it makes starts with it. A session's
 * lab paths are /lab/<session>/..., so the balancer routes them by their first characters to the one
 * instance that holds the session (see docs/deploy.md). The rest of the id stays random: 112 bits.
 */
import { randomBytes } from 'node:crypto';

export const ROUTE_KEY_PATTERN = /^[0-9a-f]{4}$/;

/** Checks a route key (from ROUTE_KEY); undefined or '' means "no route key". */
export function parseRouteKey(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!ROUTE_KEY_PATTERN.test(value)) {
    throw new Error(
      `ROUTE_KEY must be 4 lowercase hex digits (0-9, a-f), e.g. "a1b2", got ${JSON.stringify(value)}; ` +
        'give every instance behind the balancer a different one',
    );
  }
  return value;
}

/** A new session id: 32 lowercase hex digits, starting with the route key when there is one. */
export function newSessionId(routeKey?: string): string {
  const random = randomBytes(16).toString('hex');
  return routeKey === undefined ? random : routeKey + random.slice(routeKey.length);
}
