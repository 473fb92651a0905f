/**
 * Tracks how one hop's TCP socket ends, so its conn-close event says how (end / reset / error) and
 * which side acted. A hop's remote side is the browser for 'browser-edge' and the lab node for
 * 'edge-node'; the edge acting on the other hop's behalf is reported as that side (a FIN from the
 * node that the edge passes on to the browser is `by: 'server'` on both hops).
 */
import type { Socket } from 'node:net';
import type { Hop } from '../../lib/mirror/types';
import type { CloseBy, CloseHow, ConnTap } from './tap';

interface Cause {
  how: CloseHow;
  by: CloseBy;
  message?: string;
}

export class HopLife {
  private firstFin: CloseBy | null = null;
  private cause: Cause | null = null;
  private error: (Error & { code?: string }) | null = null;
  closed = false;
  /** Who closed this hop, once it has closed. */
  closedBy: CloseBy | null = null;

  constructor(
    private readonly tap: ConnTap,
    private readonly hop: Hop,
    readonly socket: Socket,
    /** Who is at the far end of this socket. */
    private readonly remote: 'client' | 'server',
    onClose: (hadError: boolean) => void,
  ) {
    socket.on('end', () => {
      this.firstFin ??= remote;
    });
    socket.on('error', (error: Error & { code?: string }) => {
      this.error ??= error;
    });
    socket.on('close', (hadError) => {
      this.closed = true;
      this.report();
      onClose(hadError);
    });
  }

  /** The other side of the edge is the one this hop's local side represents. */
  private get local(): CloseBy {
    return this.remote === 'client' ? 'server' : 'client';
  }

  /**
   * Half-closes our side, on behalf of the far end of the other hop (or of the edge itself, e.g. an
   * idle timeout: `by: 'edge'`).
   */
  end(by?: CloseBy): void {
    if (this.closed || this.socket.writableEnded) return;
    this.firstFin ??= by ?? this.local;
    this.socket.end();
  }

  /** Tears the socket down; `reset` sends an RST where the platform allows. */
  destroy(cause: Cause, reset: boolean): void {
    if (this.closed) return;
    this.cause ??= cause;
    // An RST needs the write side still open: once end() was called (a FIN sent or queued, e.g.
    // by Node's http server after a `Connection: close` answer) libuv refuses the reset (EINVAL)
    // and Node 20 then never closes the handle: the fd, the socket and its listeners (this hop,
    // its tap, the session) would stay forever. Such a socket is closed instead.
    if (
      reset &&
      typeof this.socket.resetAndDestroy === 'function' &&
      !this.socket.connecting &&
      !this.socket.writableEnded
    ) {
      this.socket.resetAndDestroy();
    } else {
      this.socket.destroy();
    }
  }

  /** The error that closed the socket, as a cause the other hop can pass on. */
  errorCause(): Cause | null {
    if (this.error === null) return null;
    const code = this.error.code;
    const reset = code === 'ECONNRESET' || code === 'EPIPE';
    return { how: reset ? 'reset' : 'error', by: this.remote, message: this.error.message };
  }

  private report(): void {
    const cause = this.cause ?? this.errorCause();
    if (cause !== null) {
      this.closedBy = cause.by;
      this.tap.close(this.hop, cause.how, cause.by, cause.message);
      return;
    }
    // A clean close is a FIN exchange; a socket the edge closed without an error sent a FIN too.
    this.closedBy = this.firstFin ?? 'edge';
    this.tap.close(this.hop, 'end', this.closedBy);
  }
}
