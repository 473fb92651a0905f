/**
 * Proxies one Upgrade request (a WebSocket handshake, an Engine.IO websocket transport) from the
 * browser to the session's lab node and pipes both directions through the fault pipeline, tapping
 * every chunk on both hops. After the head, the bytes are forwarded exactly as they arrived.
 *
 *   browser ──(tap browser-edge up)──▶ pipeline up ──(tap edge-node up)──▶ lab node
 *   browser ◀─(tap browser-edge down)── pipeline down ◀─(tap edge-node down)── lab node
 *
 * The pipelines are the connection's fault stages (server/edge/faults). Header faults (strip
 * Upgrade, Sec-WebSocket-Version and Origin rewrites) change the head forwarded to the node; the
 * browser-edge tap keeps the head as the browser sent it.
 */
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import { concatBytes } from '../../lib/wire/bytes';
import { ConnFaults } from './faults/conn-faults';
import { describeChange, rewriteUpgradeHeaders } from './faults/header-rewrite';
import { plainResponseBytes, requestHeadBytes } from './head';
import { HopLife } from './hop-life';
import type { EdgeHost } from './host';
import { Pauser } from './pauser';
import { Pipeline } from './pipeline';
import { ConnTap } from './tap';

/** After the edge's own FIN (idle timeout), a peer that never closes its side is cut off. */
export const FIN_GRACE_MS = 2_000;

export function peerOf(socket: net.Socket): string | undefined {
  return socket.remoteAddress === undefined
    ? undefined
    : `${socket.remoteAddress}:${socket.remotePort}`;
}

export function refuseRaw(socket: net.Socket, status: number, reason: string, body: string): void {
  socket.on('error', () => {});
  if (socket.writable) socket.end(plainResponseBytes(status, reason, body));
  else socket.destroy();
}

export function proxyUpgrade(
  host: EdgeHost,
  req: IncomingMessage,
  socket: net.Socket,
  head: Buffer,
): void {
  if (!host.acquireConnection()) {
    refuseRaw(
      socket,
      503,
      'Service Unavailable',
      `lab connection limit reached (${host.limits.maxConnections} open)\n`,
    );
    return;
  }
  const conn = host.nextConnId();
  const tap = new ConnTap(conn, host.sink, { websocket: true });
  const path = req.url ?? '/';
  socket.setNoDelay(true);
  tap.open('browser-edge', { path, peer: peerOf(socket) });

  let upstream: HopLife | null = null;
  let upstreamFlow: Pauser | null = null;
  const browserFlow = new Pauser(socket);
  let connected = false;
  let upEnded = false;
  /** A FIN is on its way through a pipeline (held frames, queued bytes, slow close). */
  let upFinishing = false;
  let downFinishing = false;
  const pendingUp: Uint8Array[] = [];

  const resetBoth = (message: string) => {
    browser.destroy({ how: 'reset', by: 'edge', message }, true);
    upstream?.destroy({ how: 'reset', by: 'edge', message }, true);
  };
  const closeIdle = (message: string) => {
    up.destroy();
    down.destroy();
    upFinishing = false;
    downFinishing = false;
    browser.end('edge');
    upstream?.end('edge');
    setTimeout(() => {
      browser.destroy({ how: 'end', by: 'edge', message }, false);
      upstream?.destroy({ how: 'end', by: 'edge', message }, false);
    }, FIN_GRACE_MS).unref();
  };
  const faults = new ConnFaults({
    host,
    tap,
    kind: 'upgrade',
    reset: resetBoth,
    closeIdle,
    pressure: (dir, high) => {
      const flow = dir === 'up' ? browserFlow : upstreamFlow;
      if (high) flow?.pause('faults');
      else flow?.resume('faults');
    },
  });

  /** Taps a chunk; when the tap is behind, the socket it came from waits for it. */
  const tapFrom = (
    source: Pauser | null,
    hop: 'browser-edge' | 'edge-node',
    dir: 'up' | 'down',
    chunk: Uint8Array,
  ) => {
    if (tap.bytes(hop, dir, chunk) || source === null || source.has('tap')) return;
    source.pause('tap');
    tap.onDrain(() => source.resume('tap'));
  };
  const writeUp = (chunk: Uint8Array) => {
    tapFrom(browserFlow, 'edge-node', 'up', chunk);
    if (upstream !== null && !upstream.socket.write(chunk)) browserFlow.pause('upstream-full');
  };
  const up = new Pipeline([faults.up], (chunk) => {
    if (connected) writeUp(chunk);
    else pendingUp.push(chunk);
  });
  const down = new Pipeline([faults.down], (chunk) => {
    tapFrom(upstreamFlow, 'browser-edge', 'down', chunk);
    if (!socket.write(chunk)) upstreamFlow?.pause('browser-full');
  });

  const untrack = host.track(() => resetBoth('session ended'));
  const bothClosed = () => {
    if (browser.closed && (upstream === null || upstream.closed)) faults.destroy();
  };
  const browser = new HopLife(tap, 'browser-edge', socket, 'client', (hadError) => {
    host.releaseConnection();
    untrack();
    down.destroy();
    bothClosed();
    // The browser's FIN is still on its way to the node (slow close, latency): let it get there.
    if (upFinishing && !hadError) return;
    up.destroy();
    if (upstream === null || upstream.closed) return;
    if (faults.up.blackholed) {
      faults.up.closeVanished(hadError ? 'RST' : 'FIN');
      return;
    }
    const s = upstream.socket;
    if (s.readableEnded && s.writableEnded) return;
    upstream.destroy(browser.errorCause() ?? { how: 'reset', by: 'client' }, hadError);
  });

  const tail = head.length > 0 ? [head] : [];
  tap.bytes('browser-edge', 'up', concatBytes([requestHeadBytes(req), ...tail]));
  const rewrite = rewriteUpgradeHeaders(req.rawHeaders, host.scenario);
  if (rewrite.removed.length > 0) {
    tap.fault('browser-edge', 'up', 'strip-upgrade', {
      detail: `proxy removed ${rewrite.removed.join(', ')}: the lab node gets a plain GET, so the WebSocket handshake cannot succeed`,
    });
  }
  for (const change of rewrite.changed) {
    tap.marker('browser-edge', `proxy rewrote ${change.name}`, describeChange(change));
  }
  const forwarded =
    rewrite.removed.length + rewrite.changed.length > 0
      ? requestHeadBytes(req, rewrite.rawHeaders)
      : requestHeadBytes(req);
  up.write(concatBytes([forwarded, ...tail]));

  socket.on('data', (chunk: Buffer) => {
    tapFrom(browserFlow, 'browser-edge', 'up', chunk);
    up.write(chunk);
  });
  socket.on('end', () => {
    if (!up.open) return;
    upFinishing = true;
    up.end(() => {
      upFinishing = false;
      upEnded = true;
      if (connected) upstream?.end();
    });
  });
  socket.on('drain', () => upstreamFlow?.resume('browser-full'));

  host
    .labPort()
    .then((port) => {
      if (browser.closed) return;
      const target = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
      const targetFlow = new Pauser(target);
      upstreamFlow = targetFlow;
      upstream = new HopLife(tap, 'edge-node', target, 'server', (hadError) => {
        up.destroy();
        bothClosed();
        // The node's FIN is still on its way to the browser: let it get there.
        if (downFinishing && !hadError) return;
        if (!browser.closed && connected && faults.down.blackholed) {
          faults.down.closeVanished(hadError ? 'RST' : 'FIN');
          return;
        }
        down.destroy();
        if (browser.closed) return;
        if (!connected) return;
        if (socket.readableEnded && socket.writableEnded) return;
        browser.destroy(upstream?.errorCause() ?? { how: 'reset', by: 'server' }, hadError);
      });
      target.on('connect', () => {
        connected = true;
        target.setNoDelay(true);
        tap.open('edge-node', { path, peer: `127.0.0.1:${port}` });
        for (const chunk of pendingUp.splice(0)) writeUp(chunk);
        if (upEnded) upstream?.end();
      });
      target.on('error', (error) => {
        if (connected) return;
        badGateway(`lab node refused the connection (${error.message})`);
      });
      target.on('data', (chunk: Buffer) => {
        tapFrom(targetFlow, 'edge-node', 'down', chunk);
        down.write(chunk);
      });
      target.on('end', () => {
        if (!down.open) return;
        downFinishing = true;
        down.end(() => {
          downFinishing = false;
          browser.end();
        });
      });
      target.on('drain', () => browserFlow.resume('upstream-full'));
    })
    .catch((error: unknown) => {
      badGateway(`lab node did not start (${error instanceof Error ? error.message : error})`);
    });

  function badGateway(message: string): void {
    if (browser.closed) return;
    tap.marker('edge-node', 'upstream unavailable', message);
    const bytes = plainResponseBytes(502, 'Bad Gateway', `${message}\n`);
    tap.bytes('browser-edge', 'down', bytes);
    socket.end(bytes);
    // Both directions are done from the edge's point of view: do not wait for the browser's FIN.
    setTimeout(() => browser.destroy({ how: 'end', by: 'edge', message }, false), 1_000).unref();
  }
}
