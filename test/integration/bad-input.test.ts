import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireLabServer } from '../../server/app-server';
import {
  httpUrl,
  labFetch,
  labWebSocket,
  type MirrorClient,
  openMirror,
  startServer,
  wsUrl,
} from './mirror-client';
import { closeCodeIn, maskedFrame, rawWsHandshake } from './raw-socket';

const MAX_PAYLOAD = 64 * 1024;

describe('invalid WebSocket input through the edge', () => {
  let server: WireLabServer;
  let bad: MirrorClient;
  let good: MirrorClient;

  beforeAll(async () => {
    server = await startServer({ limits: { maxPayload: MAX_PAYLOAD } });
    bad = await openMirror(server);
    good = await openMirror(server);
  });

  afterAll(async () => {
    await bad?.close();
    await good?.close();
    await server?.close();
  });

  /** Does a handshake, writes the bytes, returns the close code the server sent and the conn id. */
  async function sendInvalid(bytes: Buffer): Promise<{ code: number | null; conn: string }> {
    const opensBefore = bad.events.filter((e) => e.kind === 'conn-open').length;
    const client = await rawWsHandshake(server.port, `${bad.labBase}${LAB_PATHS.ws}`);
    client.socket.write(bytes);
    await client.closed;
    await bad.waitFor(
      (events) => events.filter((e) => e.kind === 'conn-open').length > opensBefore,
      'the new connection to show up',
    );
    const open = bad.events.filter((e) => e.kind === 'conn-open')[opensBefore];
    return { code: closeCodeIn(client.received()), conn: open?.conn ?? '?' };
  }

  async function protocolErrorsFor(conn: string) {
    await bad.waitFor(
      (events) =>
        events.some(
          (e) => e.kind === 'protocol-error' && e.conn === conn && e.hop === 'browser-edge',
        ),
      `a protocol-error on ${conn}`,
    );
    await bad.waitFor(
      (events) => events.filter((e) => e.kind === 'conn-close' && e.conn === conn).length === 2,
      `both hops of ${conn} to close`,
    );
    return bad.events.filter((e) => e.kind === 'protocol-error' && e.conn === conn);
  }

  it('closes with 1002 on a reserved opcode and the mirror shows a ws protocol-error', async () => {
    const { code, conn } = await sendInvalid(maskedFrame(0x83, Buffer.from('x'))); // FIN + opcode 3
    expect(code).toBe(1002);
    const errors = await protocolErrorsFor(conn);
    expect(errors[0]?.kind === 'protocol-error' && errors[0].layer).toBe('ws');
  });

  it('closes with 1002 when RSV2 is set without an extension', async () => {
    const { code, conn } = await sendInvalid(maskedFrame(0xa1, Buffer.from('hi'))); // FIN + RSV2 + text
    expect(code).toBe(1002);
    const errors = await protocolErrorsFor(conn);
    expect(errors.map((e) => e.kind === 'protocol-error' && e.message).join(' ')).toMatch(/RSV/i);
  });

  it('closes with 1002 on an unmasked client frame', async () => {
    const { code, conn } = await sendInvalid(Buffer.from([0x81, 0x02, 0x68, 0x69])); // text "hi", no mask
    expect(code).toBe(1002);
    const errors = await protocolErrorsFor(conn);
    expect(errors.map((e) => e.kind === 'protocol-error' && e.message).join(' ')).toMatch(/mask/i);
  });

  it('closes with 1009 on a message over maxPayload', async () => {
    const header = Buffer.alloc(14);
    header[0] = 0x82; // FIN + binary
    header[1] = 0x80 | 127; // masked, 64-bit length
    header.writeBigUInt64BE(BigInt(MAX_PAYLOAD * 4), 2);
    header.writeUInt32BE(0x11223344, 10);
    const { code, conn } = await sendInvalid(header);
    expect(code).toBe(1009);
    const errors = await protocolErrorsFor(conn);
    expect(errors.map((e) => e.kind === 'protocol-error' && e.message).join(' ')).toMatch(
      new RegExp(String(MAX_PAYLOAD)),
    );
  });

  it('stays up, and a second session running alongside is untouched', async () => {
    const health = await labFetch(httpUrl(server, '/healthz'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, sessions: 2 });

    const ws = labWebSocket(wsUrl(server, `${good.labBase}${LAB_PATHS.ws}`), {
      perMessageDeflate: false,
    });
    ws.on('error', () => {});
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send('still here');
    const echo = await new Promise<string>((resolve) =>
      ws.once('message', (d) => resolve(d.toString())),
    );
    ws.close(1000);
    expect(echo).toBe('still here');
    await good.waitFor(
      (events) => events.filter((e) => e.kind === 'conn-close').length === 2,
      'the good session to close its connection',
    );
    expect(good.events.filter((e) => e.kind === 'protocol-error')).toEqual([]);
    const targets = good.events.flatMap((e) => (e.kind === 'http-request' ? [e.target] : []));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(target.startsWith(good.labBase)).toBe(true);
    expect(new Set(good.events.map((e) => e.conn))).toEqual(new Set(['c1']));
  });
});
