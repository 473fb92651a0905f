import { describe, expect, it } from 'vitest';
import { Pauser } from './pauser';

function stream() {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume') };
}

describe('Pauser', () => {
  it('resumes only when every reason to pause is gone', () => {
    const s = stream();
    const pauser = new Pauser(s);
    pauser.pause('tap');
    pauser.pause('write');
    pauser.resume('tap');
    expect(s.calls).toEqual(['pause', 'pause']);
    pauser.resume('write');
    expect(s.calls).toEqual(['pause', 'pause', 'resume']);
  });

  it('ignores a resume for a reason that never paused', () => {
    const s = stream();
    new Pauser(s).resume('tap');
    expect(s.calls).toEqual([]);
  });
});
