import { describe, expect, it } from 'vitest';
import { defaultUpgrade, upgradeBlocked, websocketOnly } from '@/lib/machines/eio-scenarios';
import { summarizeRun } from './run-summary';

describe('summarizeRun', () => {
  it('a default run ends on websocket after a successful probe', () => {
    const s = summarizeRun(defaultUpgrade().events, undefined);
    expect(s.state).toBe('websocket');
    expect(s.probeFailed).toBe(0);
    expect(s.firstMessage).toBe(true);
  });

  it('with the upgrade blocked the run stays on polling and messages still arrive over polling', () => {
    const s = summarizeRun(upgradeBlocked().events, undefined);
    expect(s.state).toBe('polling');
    expect(s.probeFailed).toBe(1);
    expect(s.deliveredOverPolling).toBeGreaterThan(0);
    expect(s.deliveredOverWebSocket).toBe(0);
  });

  it('a websocket-only run delivers over the WebSocket', () => {
    const s = summarizeRun(websocketOnly().events, undefined);
    expect(s.state).toBe('websocket');
    expect(s.deliveredOverPolling).toBe(0);
  });
});
