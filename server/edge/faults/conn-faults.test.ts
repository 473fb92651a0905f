import { describe, expect, it } from 'vitest';
import type { Dir, FaultKind, Hop } from '../../../lib/mirror/types';
import { DEFAULT_SCENARIO, type Scenario } from '../../../lib/scenario/schema';
import type { EdgeConnection } from '../host';
import { Pipeline } from '../pipeline';
import type { FaultInfo } from '../tap';
import { ConnFaults } from './conn-faults';
import { TestClock } from './test-clock';

function setup(initial: Partial<Scenario> = {}, kind: 'upgrade' | 'http' = 'http') {
  const clock = new TestClock();
  const host = {
    scenario: { ...DEFAULT_SCENARIO, ...initial } as Scenario,
    registered: new Set<EdgeConnection>(),
    register(c: EdgeConnection) {
      this.registered.add(c);
      return () => this.registered.delete(c);
    },
  };
  const faults: { hop: Hop; dir: Dir; fault: FaultKind; info: FaultInfo }[] = [];
  const actions: string[] = [];
  const conn = new ConnFaults({
    host,
    tap: { conn: 'c1', fault: (hop, dir, fault, info) => faults.push({ hop, dir, fault, info }) },
    kind,
    reset: (reason) => actions.push(`reset: ${reason}`),
    closeIdle: (reason) => actions.push(`idle: ${reason}`),
    pressure: (dir, high) => actions.push(`pressure ${dir} ${high}`),
    now: clock.now,
    schedule: clock.schedule,
  });
  const out = { up: [] as number[], down: [] as number[] };
  const up = new Pipeline([conn.up], (c) => out.up.push(...c));
  const down = new Pipeline([conn.down], (c) => out.down.push(...c));
  const change = (next: Partial<Scenario>) => {
    const previous = host.scenario;
    host.scenario = { ...DEFAULT_SCENARIO, ...next };
    conn.scenarioChanged(host.scenario, previous);
  };
  return { clock, host, faults, actions, conn, out, up, down, change };
}

describe('ConnFaults', () => {
  it('registers while alive', () => {
    const { host, conn } = setup();
    expect(host.registered.has(conn)).toBe(true);
    conn.destroy();
    expect(host.registered.size).toBe(0);
  });

  it('blackhole: bytes vanish in the chosen direction, nothing is closed, fault events say so', () => {
    const { clock, faults, actions, out, up, down, conn } = setup({ blackhole: true, dir: 'up' });
    up.write(Uint8Array.of(1, 2, 3));
    down.write(Uint8Array.of(4, 5));
    clock.advance(10_000);
    expect(out.up).toEqual([]);
    expect(out.down).toEqual([4, 5]);
    expect(conn.up.lostBytes).toBe(3);
    expect(actions).toEqual([]);
    expect(faults.map((f) => [f.fault, f.hop, f.dir])).toEqual([['blackhole', 'edge-node', 'up']]);
  });

  it('blackhole: a FIN vanishes too; lifting it with no bytes lost lets the FIN through', () => {
    const { actions, up, change } = setup({ blackhole: true });
    let ended = false;
    up.end(() => {
      ended = true;
    });
    expect(ended).toBe(false);
    change({});
    expect(ended).toBe(true);
    expect(actions).toEqual([]);
  });

  it('lifting a blackhole that swallowed bytes resets the connection and explains why', () => {
    const { faults, actions, up, change } = setup({ blackhole: true });
    up.write(new Uint8Array(100));
    change({});
    expect(actions).toEqual(['reset: blackhole lifted after bytes vanished']);
    const lifted = faults.filter((f) => f.info.detail.startsWith('blackhole lifted'));
    expect(lifted.map((f) => f.hop).sort()).toEqual(['browser-edge', 'edge-node']);
    expect(lifted[0]?.info.detail).toMatch(/100 B browser → node/);
  });

  it('a close that vanished into the blackhole also resets on lift', () => {
    const { faults, actions, conn, change } = setup({ blackhole: true });
    conn.down.closeVanished('FIN');
    expect(faults.map((f) => f.info.detail)).toEqual([
      'FIN vanished: the other side still thinks the connection is open',
    ]);
    change({});
    expect(actions).toEqual(['reset: blackhole lifted after bytes vanished']);
    expect(faults.at(-1)?.info.detail).toMatch(/the node's close vanished/);
  });

  it('idle timeout: closes after N s without a byte; any byte re-arms it', () => {
    const { clock, faults, actions, up, down } = setup({ idle: 2 });
    clock.advance(1500);
    up.write(Uint8Array.of(1));
    clock.advance(1500);
    down.write(Uint8Array.of(2));
    clock.advance(1999);
    expect(actions).toEqual([]);
    clock.advance(1);
    expect(actions).toEqual(['idle: idle 2 s: proxy closed']);
    expect(faults.map((f) => f.fault)).toEqual(['idle-timeout', 'idle-timeout']);
  });

  it('idle timeout changes apply to open connections', () => {
    const { clock, actions, change } = setup();
    clock.advance(5000);
    change({ idle: 1 });
    clock.advance(0);
    expect(actions).toEqual(['idle: idle 1 s: proxy closed']); // quiet for 5 s already
    const second = setup({ idle: 1 });
    second.change({});
    second.clock.advance(10_000);
    expect(second.actions).toEqual([]);
  });

  it('slow close: the FIN waits N ms', () => {
    const { clock, faults, up } = setup({ slowClose: 300 });
    let ended = false;
    up.end(() => {
      ended = true;
    });
    clock.advance(299);
    expect(ended).toBe(false);
    clock.advance(1);
    expect(ended).toBe(true);
    expect(faults.map((f) => f.fault)).toEqual(['slow-close']);
  });

  it('the learner reset reports both hops, then resets', () => {
    const { faults, actions, conn } = setup();
    conn.resetByAction();
    expect(faults.map((f) => `${f.fault} ${f.hop}`)).toEqual([
      'reset browser-edge',
      'reset edge-node',
    ]);
    expect(actions).toEqual(['reset: reset (RST) by the learner']);
  });

  it('applies faults live: a scenario change reaches the next chunk of an open connection', () => {
    const { clock, out, up, change } = setup();
    up.write(Uint8Array.of(1));
    change({ latency: 100 });
    up.write(Uint8Array.of(2));
    expect(out.up).toEqual([1]);
    clock.advance(100);
    expect(out.up).toEqual([1, 2]);
  });

  it('drops frames on an upgraded connection only after the 101', () => {
    const { out, up, down } = setup({ drop: 100 }, 'upgrade');
    const head = new TextEncoder().encode('GET /ws HTTP/1.1\r\n\r\n');
    const frame = Uint8Array.of(0x81, 0x81, 0, 0, 0, 0, 0x61);
    up.write(head);
    down.write(new TextEncoder().encode('HTTP/1.1 101 Switching Protocols\r\n\r\n'));
    up.write(frame);
    expect(out.up).toEqual([...head]);
    // A close frame is never dropped.
    up.write(Uint8Array.of(0x88, 0x80, 0, 0, 0, 0));
    expect(out.up.length).toBe(head.length + 6);
  });
});
