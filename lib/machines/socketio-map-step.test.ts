import { describe, expect, it } from 'vitest';
import { itemsOf } from '@/lib/live/append-list';
import { storeOver } from '@/lib/live/test-fold';
import type { WireEvent } from '@/lib/mirror/types';
import { type SioMapState, sioMapInit, sioMapStep } from './socketio-map-step';
import { socketIoNamespacesOf } from './socketio-mapper';
import { namespacesOf, sioNamespacesFold } from './socketio-namespaces-fold';
import { QUIET_MARKER } from './test-fixtures';
import { sioCapture } from './test-sio-scripts';

const events = sioCapture().events;
/** A state with its namespaces as an array (an AppendList's backing may hold more). */
const plain = (s: SioMapState) => ({ ...s, namespaces: itemsOf(s.namespaces) });

describe('sioMapStep', () => {
  it('never changes a state it was given: replaying from any earlier state gives the same events', () => {
    for (const hop of ['browser-edge', 'edge-node'] as const) {
      const states: SioMapState[] = [sioMapInit(hop)];
      const outs: unknown[] = [];
      for (const e of events) {
        const { state, out } = sioMapStep(states.at(-1) as SioMapState, e);
        states.push(state);
        outs.push(out);
      }
      for (let i = 0; i < events.length; i++) {
        const again = sioMapStep(states[i] as SioMapState, events[i] as WireEvent);
        expect(again.out).toEqual(outs[i]);
        expect(plain(again.state)).toEqual(plain(states[i + 1] as SioMapState));
      }
    }
  });

  it('keeps the same state for an event of another hop or one that maps to nothing', () => {
    const s = sioMapInit('browser-edge');
    const other = { ...(events[0] as WireEvent), hop: 'edge-node' as const };
    expect(sioMapStep(s, other).state).toBe(s);
    expect(sioMapStep(s, QUIET_MARKER).state).toBe(s);
  });
});

describe('sioNamespacesFold', () => {
  const cursors = [events.length - 1, Math.floor(events.length / 2), 40, 17, -1];

  it('uses a capture with every kind of Socket.IO event, across many checkpoints', () => {
    const kinds = new Set(
      socketIoNamespacesOf(events).flatMap((n) => n.events.map((m) => m.event.type)),
    );
    expect([...kinds].sort()).toEqual([
      'ACK',
      'ATTACHMENT',
      'CONNECTED',
      'CONNECT_ERROR',
      'CONNECT_SENT',
      'DISCONNECT',
      'EVENT',
      'TRANSPORT_CLOSED',
    ]);
    expect(events.length).toBeGreaterThan(100);
  });

  it('equals socketIoNamespacesOf over the events up to each cursor', () => {
    const store = storeOver(events, sioNamespacesFold);
    expect(namespacesOf(store.getSnapshot())).toEqual(socketIoNamespacesOf(events));
    for (const i of cursors) {
      expect(namespacesOf(store.snapshotAt(i))).toEqual(
        socketIoNamespacesOf(events.slice(0, i + 1)),
      );
    }
  });

  it('keeps the same state for an event that maps to nothing', () => {
    const s = sioNamespacesFold.init();
    expect(sioNamespacesFold.step(s, QUIET_MARKER)).toBe(s);
  });
});
