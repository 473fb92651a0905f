import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireEvent, WsFrameEvent } from '../../lib/mirror/types';
import type { WireLabServer } from '../../server/app-server';
import { labWebSocket, type MirrorClient, openMirror, startServer, wsUrl } from './mirror-client';

const isDownFrame = (e: WireEvent): e is WsFrameEvent =>
  e.kind === 'ws-frame' && e.hop === 'browser-edge' && e.dir === 'down';

describe('a fragmented message from the lab node', () => {
  let server: WireLabServer;
  let mirror: MirrorClient;
  const text = 'one message, three frames';
  let received = '';

  beforeAll(async () => {
    server = await startServer();
    mirror = await openMirror(server);
    const ws = labWebSocket(wsUrl(server, `${mirror.labBase}${LAB_PATHS.ws}`), {
      perMessageDeflate: false,
    });
    ws.on('error', () => {});
    await new Promise((resolve) => ws.once('open', resolve));
    const message = new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
    ws.send(JSON.stringify({ type: 'fragment', parts: 3, text }));
    received = await message;
    await mirror.waitFor(
      (events) => events.filter(isDownFrame).some((e) => e.message !== undefined),
      'the reassembled message on the browser hop',
    );
    ws.close(1000);
  });

  afterAll(async () => {
    await mirror?.close();
    await server?.close();
  });

  it('arrives in the client as one message', () => {
    expect(received).toBe(text);
  });

  it('crosses the wire as a text frame without FIN, a continuation, and a final continuation', () => {
    const frames = mirror.events.filter(isDownFrame);
    expect(frames.map((e) => [e.frame.opcodeName, e.frame.fin])).toEqual([
      ['text', false],
      ['continuation', false],
      ['continuation', true],
    ]);
    expect(frames[2]?.message).toMatchObject({ type: 'text', text, frames: 3 });
  });
});
