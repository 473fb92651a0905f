import { describe, expect, it } from 'vitest';
import { parseLabPath } from './lab-path';

const id = '0123456789abcdef0123456789abcdef';

describe('parseLabPath', () => {
  it('finds the session id and the rest of the path', () => {
    expect(parseLabPath(`/lab/${id}/socket.io/?EIO=4&transport=polling`)).toEqual({
      kind: 'lab',
      session: id,
      rest: '/socket.io/?EIO=4&transport=polling',
    });
  });

  it('accepts a bare session path', () => {
    expect(parseLabPath(`/lab/${id}`)).toEqual({ kind: 'lab', session: id, rest: '' });
  });

  it('reports paths outside the lab prefix as not-lab', () => {
    expect(parseLabPath('/lessons/websocket-handshake')).toEqual({ kind: 'not-lab' });
    expect(parseLabPath('/lab')).toEqual({ kind: 'not-lab' });
    expect(parseLabPath(undefined)).toEqual({ kind: 'not-lab' });
  });

  it('names a malformed session id', () => {
    const result = parseLabPath('/lab/NOT-A-SESSION/ws');
    expect(result.kind).toBe('malformed');
    if (result.kind === 'malformed') expect(result.problem).toContain('"NOT-A-SESSION"');
  });

  it('rejects uppercase hex and wrong lengths', () => {
    expect(parseLabPath(`/lab/${id.toUpperCase()}/ws`).kind).toBe('malformed');
    expect(parseLabPath(`/lab/${id}0/ws`).kind).toBe('malformed');
    expect(parseLabPath('/lab//ws').kind).toBe('malformed');
  });
});
