/** Recognises lab URLs: /lab/<session>/<rest>. Pure; the edge and the registry route with it. */
import { LAB_PREFIX, SESSION_ID_PATTERN } from '../lib/mirror/protocol';

export type LabPath =
  | {
      kind: 'lab';
      session: string /** Path after the session id, '' or starting with '/'. */;
      rest: string;
    }
  | { kind: 'malformed'; problem: string }
  | { kind: 'not-lab' };

export function parseLabPath(url: string | undefined): LabPath {
  if (url === undefined || !url.startsWith(LAB_PREFIX)) return { kind: 'not-lab' };
  const afterPrefix = url.slice(LAB_PREFIX.length);
  const end = afterPrefix.search(/[/?#]/);
  const session = end === -1 ? afterPrefix : afterPrefix.slice(0, end);
  const rest = end === -1 ? '' : afterPrefix.slice(end);
  if (!SESSION_ID_PATTERN.test(session)) {
    const shown = session.length > 40 ? `${session.slice(0, 40)}…` : session;
    return {
      kind: 'malformed',
      problem: `malformed session id ${JSON.stringify(shown)}: expected 32 lowercase hex digits`,
    };
  }
  return { kind: 'lab', session, rest };
}
