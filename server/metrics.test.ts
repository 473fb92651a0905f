import { describe, expect, it } from 'vitest';
import { createServerMetrics, type MetricsSource, REFUSAL_REASONS } from './metrics';

function source(over: Partial<Record<keyof MetricsSource, number>> = {}): MetricsSource {
  return {
    sessionsOpen: () => over.sessionsOpen ?? 0,
    labConnectionsOpen: () => over.labConnectionsOpen ?? 0,
    liveEventsDropped: () => over.liveEventsDropped ?? 0,
  };
}

/** The value of one sample line, e.g. `wirelab_refusals_total{reason="origin"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('createServerMetrics', () => {
  it('counts sessions, refusals by reason and tapped bytes by hop and direction', async () => {
    const m = createServerMetrics(source({ sessionsOpen: 2, labConnectionsOpen: 5 }));
    m.sessionStarted();
    m.sessionStarted();
    m.sessionStarted();
    m.sessionEnded('mirror closed', 0);
    m.sessionEnded('something new', 0);
    m.refuse('origin');
    m.refuse('origin');
    m.refuse('rate');
    m.bytesTapped('browser-edge', 'up', 100);
    m.bytesTapped('browser-edge', 'up', 20);
    m.bytesTapped('edge-node', 'down', 7);
    const { body, contentType } = await m.scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(body, 'wirelab_sessions_open')).toBe(2);
    expect(sample(body, 'wirelab_lab_connections_open')).toBe(5);
    expect(sample(body, 'wirelab_sessions_created_total')).toBe(3);
    expect(sample(body, 'wirelab_sessions_ended_total{reason="mirror-closed"}')).toBe(1);
    expect(sample(body, 'wirelab_sessions_ended_total{reason="other"}')).toBe(1);
    expect(sample(body, 'wirelab_refusals_total{reason="origin"}')).toBe(2);
    expect(sample(body, 'wirelab_refusals_total{reason="rate"}')).toBe(1);
    // Every reason has a series from the start.
    for (const reason of REFUSAL_REASONS) {
      expect(sample(body, `wirelab_refusals_total{reason="${reason}"}`)).toBeGreaterThanOrEqual(0);
    }
    expect(sample(body, 'wirelab_tapped_bytes_total{hop="browser-edge",dir="up"}')).toBe(120);
    expect(sample(body, 'wirelab_tapped_bytes_total{hop="edge-node",dir="down"}')).toBe(7);
    // Process metrics ride along: event-loop lag, memory, file descriptors.
    expect(body).toContain('nodejs_eventloop_lag_seconds');
    expect(body).toContain('nodejs_eventloop_lag_p99_seconds');
    expect(body).toContain('process_resident_memory_bytes');
    expect(body).toContain('nodejs_heap_size_used_bytes');
  });

  it("adds ended sessions' dropped events to the live ones' (a counter that never goes down)", async () => {
    let live = 4;
    const m = createServerMetrics({ ...source(), liveEventsDropped: () => live });
    expect(sample((await m.scrape()).body, 'wirelab_mirror_events_dropped_total')).toBe(4);
    // The session that had dropped 4 ends; another live one has dropped 1.
    m.sessionEnded('mirror closed', 4);
    live = 1;
    expect(sample((await m.scrape()).body, 'wirelab_mirror_events_dropped_total')).toBe(5);
  });

  it('keeps each server in its own registry', async () => {
    const a = createServerMetrics(source());
    const b = createServerMetrics(source());
    a.refuse('draining');
    expect(sample((await a.scrape()).body, 'wirelab_refusals_total{reason="draining"}')).toBe(1);
    expect(sample((await b.scrape()).body, 'wirelab_refusals_total{reason="draining"}')).toBe(0);
  });
});
