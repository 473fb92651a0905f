import { describe, expect, it } from 'vitest';
import { storeOver } from '../live/test-fold';
import { restartRuns } from './reconnect-arrivals';
import { restartRunsFold, runsOf } from './restart-runs-fold';
import { eioTarget } from './test-fixtures';
import { LabScript } from './test-lab-script';

/** Two herds, each cut by a node restart, with your socket among the reconnects. */
function script(): LabScript {
  const s = new LabScript();
  s.request('c0', 'GET', eioTarget('polling'));
  for (const [h, n] of [
    [1, 4],
    [2, 3],
  ] as const) {
    s.wait(10).marker('-', `herd: ${n} clients, jitter 0.${h}`);
    for (let i = 0; i < n; i++) s.wait(1).request(`h${h}-${i}`, 'GET', eioTarget('polling'));
    s.wait(100).fault('-', 'restart-node', 'node restarted');
    for (let i = 0; i < n; i++) {
      s.wait(7).request(`r${h}-${i}`, 'GET', eioTarget('polling'));
      s.wait(1).request(`r${h}-${i}`, 'GET', eioTarget('polling', 'sid1'));
    }
    s.wait(3).request(`you${h}`, 'GET', `${eioTarget('websocket')}&who=you`);
  }
  s.wait(10).fault('-', 'restart-node', 'unlabelled restart');
  s.wait(5).request('late', 'GET', eioTarget('polling'));
  return s;
}

describe('restartRunsFold', () => {
  const events = script().events;

  it('equals restartRuns at the end and at cursors in the middle', () => {
    const store = storeOver(events, restartRunsFold);
    const end = restartRuns(events);
    expect(end).toHaveLength(3);
    expect(end[0]?.arrivals.map((a) => a.who)).toEqual(['sim', 'sim', 'sim', 'sim', 'you']);
    expect(runsOf(store.getSnapshot())).toEqual(end);
    for (let i = -1; i < events.length; i++) {
      expect(runsOf(store.snapshotAt(i))).toEqual(restartRuns(events.slice(0, i + 1)));
    }
  });
});
