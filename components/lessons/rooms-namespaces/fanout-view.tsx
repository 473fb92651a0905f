'use client';

import styles from '../shared/panel.module.css';
import s from '../shared/stack.module.css';
import type { FanOutView } from './room-fanout';

/** One row per connection: member or not, and whether the broadcast frame reached it on each hop. */
export function FanOutCard({
  view,
  mine,
  onSelect,
}: {
  view: FanOutView;
  mine: string | undefined;
  onSelect: (seq: number) => void;
}) {
  const last = view.broadcasts.at(-1);
  const who = (sid: string) => (sid === mine ? `${sid} (you)` : sid);
  return (
    <section className={styles.card} aria-labelledby="fanout-heading">
      <h3 id="fanout-heading">Fan-out of the last room broadcast</h3>
      {!last ? (
        <p className={styles.muted}>
          No broadcast yet: connect, start simulated clients, then Broadcast to room.
        </p>
      ) : (
        <>
          <p data-testid="fanout-summary">
            <button type="button" className={s.link} onClick={() => onSelect(last.seq)}>
              #{last.seq}
            </button>{' '}
            <code>room-chat</code> to room <code>{last.room}</code> (“{last.msg}”) from{' '}
            {who(last.from)}: reached{' '}
            {Object.values(last.deliveries).filter((d) => d.client !== undefined).length} of{' '}
            {view.sockets.length} connection{view.sockets.length === 1 ? '' : 's'} on the wire.
          </p>
          <table className={s.table}>
            <caption>Connections on namespace / (rows are Socket.IO ids)</caption>
            <thead>
              <tr>
                <th scope="col">connection</th>
                <th scope="col">rooms (its joins on the wire)</th>
                <th scope="col">member at broadcast</th>
                <th scope="col">server sent it (edge ↔ node)</th>
                <th scope="col">client got it (browser ↔ edge)</th>
              </tr>
            </thead>
            <tbody>
              {view.sockets.map((row) => {
                const d = last.deliveries[row.sid];
                const member = last.members.includes(row.sid);
                return (
                  <tr key={row.sid} data-testid="fanout-row" data-member={member ? 'yes' : 'no'}>
                    <th scope="row" className={styles.mono}>
                      {who(row.sid)}
                      {row.connected ? '' : ' (disconnected)'}
                    </th>
                    <td>{row.rooms.length ? row.rooms.join(', ') : '—'}</td>
                    <td>{member ? 'yes' : 'no'}</td>
                    <td>
                      {d?.server !== undefined ? (
                        <button
                          type="button"
                          className={s.link}
                          onClick={() => onSelect(d.server as number)}
                        >
                          ✔ reached #{d.server}
                        </button>
                      ) : (
                        'not sent'
                      )}
                    </td>
                    <td>
                      {d?.client !== undefined ? (
                        <button
                          type="button"
                          className={s.link}
                          onClick={() => onSelect(d.client as number)}
                        >
                          ✔ reached #{d.client}
                        </button>
                      ) : (
                        'not reached'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
