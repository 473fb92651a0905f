/**
 * Facts the lesson texts state that were once wrong: each check pins the corrected statement so a
 * later edit cannot bring the error back. The figures themselves are checked on the wire by the
 * lessons' e2e specs; these read the prose.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const text = (slug: string) =>
  readFileSync(join(process.cwd(), 'content', 'lessons', `${slug}.md`), 'utf8');

describe('socketio-stack text', () => {
  it('gives the first ack id of socket.io-client 4.8 as 0 (420), not 1 (421)', () => {
    const md = text('socketio-stack');
    expect(md).toContain('`420["chat",…]`');
    expect(md).toMatch(/ack id `0`/);
    expect(md).not.toMatch(/421\[/);
  });
});

describe('polling-sse-websocket text', () => {
  it('counts the chunked transfer-encoding in the SSE framing', () => {
    const md = text('polling-sse-websocket');
    expect(md).toMatch(/Transfer-Encoding: chunked/);
    expect(md).toMatch(/chunk-size line/);
  });
});
