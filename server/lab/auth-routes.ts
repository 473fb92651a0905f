/**
 * Token endpoints for the auth lesson (13):
 *   POST /lab/<s>/auth/token?user=name&ttl=ms → 201 {token, user, exp}
 *   POST /lab/<s>/auth/revoke?user=name[&rooms=leave|keep][&disconnect=0|1] → 200 RevokeResult
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RevokeResponse, TokenResponse } from '../../lib/lab/endpoints';
import {
  type AuthTokens,
  DEFAULT_TTL_MS,
  MAX_TOKENS,
  TOKEN_TTL_RANGE,
  USER_DESCRIPTION,
  USER_PATTERN,
} from './auth-tokens';
import { Params, sendError, sendJson, sendText } from './params';
import type { SecureNamespace } from './secure-namespace';

export function handleAuth(
  action: 'token' | 'revoke',
  req: IncomingMessage,
  res: ServerResponse,
  tokens: AuthTokens,
  secure: SecureNamespace,
): void {
  if (req.method !== 'POST') {
    sendText(res, 405, 'use POST\n', { Allow: 'POST' });
    return;
  }
  const params = Params.of(req.url);
  if (action === 'token') {
    const user = params.string('user', USER_PATTERN, USER_DESCRIPTION, 'learner');
    const ttl = params.int('ttl', ...TOKEN_TTL_RANGE, DEFAULT_TTL_MS);
    params.rejectUnknown();
    if (params.error !== null) {
      sendError(res, 400, params.error);
      return;
    }
    const record = tokens.issue(user, ttl);
    if (record === null) {
      sendError(res, 429, `token store full: at most ${MAX_TOKENS} live tokens per session`);
      return;
    }
    sendJson(res, 201, {
      token: record.token,
      user: record.user,
      exp: record.exp,
    } satisfies TokenResponse);
    return;
  }
  const user = params.string('user', USER_PATTERN, USER_DESCRIPTION, undefined);
  const rooms = params.oneOf('rooms', ['leave', 'keep'] as const, 'leave');
  const disconnect = params.bool('disconnect', false);
  params.rejectUnknown();
  if (params.error === null && user === undefined)
    params.error = `user is required (${USER_DESCRIPTION})`;
  if (params.error !== null || user === undefined) {
    sendError(res, 400, params.error ?? '');
    return;
  }
  sendJson(res, 200, secure.revoke(user, { rooms, disconnect }) satisfies RevokeResponse);
}
