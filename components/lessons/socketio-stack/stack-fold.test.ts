import { describe, expect, it } from 'vitest';
import { itemsOf } from '@/lib/live/append-list';
import { storeOver } from '@/lib/live/test-fold';
import { eioTarget, openPacket } from '@/lib/machines/test-fixtures';
import { LabScript } from '@/lib/machines/test-lab-script';
import { emitTracesOf } from './emit-trace';
import { checklistOf } from './packet-checklist';
import { checklistFold, emitTraceFold } from './stack-fold';

/** A polling session (packets batched in bodies) then a WebSocket one, on both hops. */
function script(): LabScript {
  const s = new LabScript({ bothHops: true });
  s.pollGet('p1', eioTarget('polling'), [openPacket()]);
  s.pollPost('p1', eioTarget('polling', 'sid1'), ['40']);
  s.pollGet('p1', eioTarget('polling', 'sid1'), ['40{"sid":"abc"}', '42["chat","hi"]']);
  s.pollPost('p1', eioTarget('polling', 'sid1'), ['421["chat",{"msg":"hello"}]']);
  s.eioWsOpen('c1');
  s.wait(1).sio('c1', 'up', '0').sio('c1', 'down', '0{"sid":"abc"}');
  s.wait(1).sio('c1', 'up', '20["chat",{"msg":"hello"}]');
  s.wait(1).sio('c1', 'down', '30[{"ok":true}]');
  s.wait(1).sioBinary('c1', 'up', '51-0["file",{"_placeholder":true,"num":0}]', [
    new Uint8Array([1, 2, 3]),
  ]);
  s.wait(1).sio('c1', 'up', '0/admin,').sio('c1', 'down', '4/admin,{"message":"no"}');
  return s;
}

describe('stack lesson folds', () => {
  const events = script().events;
  const cursors = [events.length - 1, Math.floor(events.length / 2), 7, -1];

  it('uses a script long enough to cross several checkpoints', () => {
    expect(events.length).toBeGreaterThan(20);
  });

  it('emitTraceFold equals emitTracesOf over the events up to each cursor', () => {
    const store = storeOver(events, emitTraceFold);
    expect(itemsOf(store.getSnapshot().traces)).toEqual(emitTracesOf(events));
    expect(emitTracesOf(events).some((t) => t.transport === 'polling')).toBe(true);
    for (const i of cursors) {
      expect(itemsOf(store.snapshotAt(i).traces)).toEqual(emitTracesOf(events.slice(0, i + 1)));
    }
  });

  it('checklistFold equals checklistOf over the events up to each cursor', () => {
    const store = storeOver(events, checklistFold);
    expect(store.getSnapshot()).toEqual(checklistOf(events));
    for (const i of cursors) {
      expect(store.snapshotAt(i)).toEqual(checklistOf(events.slice(0, i + 1)));
    }
  });
});
