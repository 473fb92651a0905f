/** The inspector's view of a fault event: what the edge did, to which bytes, and what it means. */
import { INITIAL_RTO_MS, RTO_SOURCE } from '@/lib/faults/stream-timing';
import type { FaultEvent, FaultKind } from '@/lib/mirror/types';
import styles from './frame-inspector.module.css';

const MEANING: Partial<Record<FaultKind, string>> & Record<string, string | undefined> = {
  loss: `TCP never loses data: a lost segment is retransmitted after the retransmission timeout (${INITIAL_RTO_MS} ms here: ${RTO_SOURCE}), and every byte behind it waits (head-of-line blocking). The frame arrives late, not never.`,
  latency: 'The edge held these bytes for the added latency (plus jitter) before passing them on.',
  bandwidth:
    'The edge paced these bytes to the bandwidth limit: they left later than they arrived.',
  drop: 'A misbehaving proxy discarded a whole frame or packet: it left one hop and never crossed the other. TCP cannot notice; only the application can.',
  dup: 'The proxy sent the same frame or packet twice: the receiver sees it twice.',
  reorder: 'The proxy held this frame back and sent it after the next one.',
  blackhole:
    'Half-open connection: bytes vanish, no FIN and no RST, so neither side learns anything until a timeout.',
  reset: 'The edge sent a TCP RST: the connection ends at once, with no close handshake.',
  'idle-timeout':
    'The proxy closed a connection that carried no bytes for the idle timeout, like a load balancer does.',
  'strip-upgrade':
    'The proxy removed the Upgrade and Connection headers, so the server sees a plain GET and cannot switch protocols.',
  'restart-node': 'The lab server was stopped and started again: every connection to it ended.',
  'slow-close':
    'The proxy held the FIN back: one side thinks the connection is closing, the other does not know yet.',
};

export function FaultDetails({ event }: { event: FaultEvent }) {
  return (
    <div className={styles.fault}>
      <p>
        <strong>⚡ Fault at the edge: {event.fault}.</strong> {event.detail}
      </p>
      <dl className={styles.meta}>
        {event.delayMs !== undefined ? (
          <div>
            <dt>delay added</dt>
            <dd>{event.delayMs.toFixed(1)} ms</dd>
          </div>
        ) : null}
        {event.bytes !== undefined ? (
          <div>
            <dt>bytes affected</dt>
            <dd>{event.bytes}</dd>
          </div>
        ) : null}
      </dl>
      <p>{MEANING[event.fault] ?? ''}</p>
    </div>
  );
}
