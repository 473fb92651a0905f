import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../scenario/schema';
import { parseClientMessage } from './protocol';

describe('mirror client messages', () => {
  it('accept a mark with a label', () => {
    expect(parseClientMessage('{"type":"mark","label":"run 2"}')).toEqual({
      type: 'mark',
      label: 'run 2',
    });
  });

  it('refuse non-JSON and say so', () => {
    expect(parseClientMessage('{nope')).toEqual({ error: 'mirror message is not JSON' });
  });

  it('accept a full scenario and refuse an out-of-range fault by name', () => {
    const ok = parseClientMessage(
      JSON.stringify({ type: 'scenario', scenario: { ...DEFAULT_SCENARIO, loss: 2 } }),
    );
    expect(ok).toEqual({ type: 'scenario', scenario: { ...DEFAULT_SCENARIO, loss: 2 } });
    const bad = parseClientMessage(
      JSON.stringify({ type: 'scenario', scenario: { ...DEFAULT_SCENARIO, loss: 99 } }),
    );
    expect(bad).toHaveProperty('error');
    expect((bad as { error: string }).error).toMatch(/^scenario\.loss:/);
  });

  it('name the allowed actions when given an unknown one', () => {
    const bad = parseClientMessage('{"type":"action","action":"explode"}');
    expect((bad as { error: string }).error).toContain('"reset", "restart-node"');
    expect(parseClientMessage('{"type":"action","action":"reset"}')).toEqual({
      type: 'action',
      action: 'reset',
    });
  });

  it('name the allowed message types when given an unknown one', () => {
    expect((parseClientMessage('{"type":"hack"}') as { error: string }).error).toContain(
      '"scenario"',
    );
  });
});
