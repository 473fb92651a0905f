/**
 * Facts the lesson texts state that were once wrong: each check pins the corrected statement so a
 * later edit cannot bring the error back. The figures themselves are checked on the wire by the
 * lessons' e2e specs; these read the prose.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const text = (slug: string) =>
  readFileSync(join(process.cwd(), 'content', 'lessons', `${slug}.mdx`), 'utf8');

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

describe('heartbeat text', () => {
  const md = () => text('heartbeat');

  it('says Chromium turns TCP keep-alive on at 45 s idle / 45 s interval, citing its source', () => {
    expect(md()).toMatch(/Chromium turns it on/);
    expect(md()).toMatch(/kTCPKeepAliveSeconds = 45/);
    expect(md()).toMatch(/net\/socket\/tcp_socket_posix\.cc/);
    expect(md()).toMatch(/TCP_KEEPIDLE.*\n?.*TCP_KEEPINTVL|TCP_KEEPINTVL/);
  });

  it('gives the two-hour figure for the Node server, not for the browser', () => {
    const tcp = md().slice(md().indexOf('## TCP keep-alive'), md().indexOf('## "It drops'));
    expect(tcp).toMatch(/The Node server does not/);
    expect(tcp).not.toMatch(/browsers offer no way to change it\. Keep-alive/);
    expect(tcp.indexOf('two hours')).toBeGreaterThan(tcp.indexOf('The Node server'));
  });

  it('sources the 60 s idle timeout', () => {
    expect(md()).toMatch(/proxy_read_timeout/);
    expect(md()).toMatch(/Application Load Balancer/);
  });

  it('takes raw-WebSocket deadlines from the wire and marks page-clock deadlines', () => {
    expect(md()).toMatch(/real spacing of the server's pings/);
    expect(md()).toMatch(/by the page's clock/);
  });
});

describe('backpressure text', () => {
  it('states no p99 figure of its own: it points to the learner’s runs table', () => {
    const md = text('backpressure');
    expect(md).not.toMatch(/p99 of about|about \d+(\.\d+)? s for/);
    expect(md).toMatch(/\*\*Backpressure runs\*\* table/);
  });
});

describe('delivery-guarantees text', () => {
  it('counts maxDisconnectionDuration from when the server notices the disconnect', () => {
    const md = text('delivery-guarantees');
    expect(md).toMatch(/starts when the \*server\* notices the disconnect/);
    expect(md).not.toMatch(/shorter than the time the socket was away/);
  });
});
