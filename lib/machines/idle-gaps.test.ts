import { describe, expect, it } from 'vitest';
import { idleCloseSymptom, idleReport, idleReportsOf } from './idle-gaps';
import { LabScript } from './test-lab-script';

const IDLE = 'idle 60000 ms: the edge closes the connection';

/**
 * c1: a quiet WebSocket; c2: a long poll the server holds; c3: a WebSocket kept busy by pings every
 * 20 s. The edge closes connections idle for 60 s: c1 and c2 die at 61 s, c3 lives on.
 */
function proxySymptom(): LabScript {
  const s = new LabScript();
  s.wsOpen('c1'); // t = 1
  s.wait(999).wsText('c1', 'down', '{"id":1,"data":"hi","at":1000}'); // 1000
  s.connOpen('c2').pollRequest('c2', 0); // 1000: nothing moves while the server holds it
  s.wsOpen('c3');
  for (let i = 1; i <= 2; i++) s.wait(20_000).wsPing('c3', 'down').wsPong('c3', 'up'); // 41001
  s.t = 61_000;
  s.fault('c1', 'idle-timeout', IDLE).connClose('c1', 'reset', 'edge');
  s.fault('c2', 'idle-timeout', IDLE).connClose('c2', 'reset', 'edge');
  s.wait(1).wsPing('c3', 'down').wsPong('c3', 'up'); // 61001
  s.wait(500).wsClose('c3', 'up', 1000).connClose('c3', 'end', 'client');
  return s;
}

describe('idleReport', () => {
  it('finds the longest gap and a close that followed 60 s without bytes', () => {
    const s = new LabScript();
    s.wsOpen('c1');
    s.wait(999).wsText('c1', 'down', 'hello');
    s.wait(20_000).wsText('c1', 'up', 'hi');
    s.wait(60_000).fault('c1', 'idle-timeout', IDLE).connClose('c1', 'reset', 'edge');
    const report = idleReport(s.events, 'c1');
    expect(report.gaps.map((g) => g.ms)).toEqual([20_000, 60_000]);
    expect(report.longest).toMatchObject({ ms: 60_000, endedByClose: true });
    expect(report.close).toMatchObject({ idleMs: 60_000, by: 'edge', how: 'reset' });
    expect(report.idleFault?.detail).toBe(IDLE);
    expect(report.closedAfterIdle).toBe(true);
  });

  it('does not call a close right after traffic an idle close', () => {
    const s = new LabScript();
    s.wsOpen('c1');
    s.wait(30_000).wsPing('c1', 'down').wsPong('c1', 'up');
    s.wait(100).wsClose('c1', 'up', 1000).connClose('c1', 'end', 'client');
    const report = idleReport(s.events, 'c1');
    expect(report.closedAfterIdle).toBe(false);
    expect(report.longest?.ms).toBe(30_000);
  });
});

describe('idleCloseSymptom', () => {
  it('reports connections that all died after the same idle time', () => {
    const reports = idleReportsOf(proxySymptom().events);
    expect(reports.map((r) => [r.conn, r.closedAfterIdle])).toEqual([
      ['c1', true],
      ['c2', true],
      ['c3', false],
    ]);
    expect(reports[2]?.longest?.ms).toBe(20_000);
    expect(idleCloseSymptom(reports)).toEqual({ idleMs: 60_000, conns: ['c1', 'c2'], spreadMs: 0 });
  });

  it('finds no symptom when idle closes happen after different idle times', () => {
    const s = new LabScript();
    s.wsOpen('c1').wait(10_000).connClose('c1', 'reset', 'edge');
    s.wsOpen('c2').wait(30_000).connClose('c2', 'reset', 'edge');
    expect(idleCloseSymptom(idleReportsOf(s.events))).toBeUndefined();
  });
});
