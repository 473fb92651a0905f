import { describe, expect, it } from 'vitest';
import { Params } from './params';

describe('Params', () => {
  it('reads integers in range and keeps the first problem, naming the parameter', () => {
    const p = Params.of('/x?rate=5&size=abc&n=-1');
    expect(p.int('rate', 1, 10, 1)).toBe(5);
    expect(p.int('size', 1, 10, 3)).toBe(3);
    expect(p.int('n', 0, 5, 0)).toBe(0);
    expect(p.error).toBe('size must be an integer from 1 to 10, got "abc"');
  });

  it.each(['1e3', '0x10', ' 5', '5 ', '', '1.0', '99999999999999999'])(
    'refuses %j as an integer',
    (value) => {
      const p = new Params(new URLSearchParams({ n: value }));
      p.int('n', 0, Number.MAX_SAFE_INTEGER, 0);
      expect(p.error).toMatch(/^n must be an integer/);
    },
  );

  it('reads booleans, decimals, enums, patterned strings and lists', () => {
    const p = Params.of('/x?on=1&off=false&j=0.25&t=polling&u=bob&r=a,b,a');
    expect(p.bool('on', false)).toBe(true);
    expect(p.bool('off', true)).toBe(false);
    expect(p.number('j', 0, 1, 0.5)).toBe(0.25);
    expect(p.oneOf('t', ['websocket', 'polling'] as const, 'websocket')).toBe('polling');
    expect(p.string('u', /^[a-z]+$/, 'lowercase', undefined)).toBe('bob');
    expect(p.list('r', /^[a-z]$/, 'a letter', 5)).toEqual(['a', 'b']);
    expect(p.error).toBeNull();
  });

  it('refuses repeated and unknown parameters, listing the allowed ones', () => {
    const twice = Params.of('/x?n=1&n=2');
    twice.int('n', 0, 5, 0);
    expect(twice.error).toBe('n is given 2 times; give it once');
    const unknown = Params.of('/x?n=1&m=2');
    unknown.int('n', 0, 5, 0);
    unknown.rejectUnknown();
    expect(unknown.error).toBe('unknown parameter "m"; allowed: "n"');
  });

  it('caps list length and shortens long values in messages', () => {
    const p = Params.of(`/x?r=a,b,c&s=${'z'.repeat(100)}`);
    p.list('r', /./, 'x', 2);
    expect(p.error).toBe('r takes at most 2 comma-separated names, got 3');
    const q = Params.of(`/x?s=${'z'.repeat(100)}`);
    q.string('s', /^a$/, 'a', undefined);
    expect(q.error).toBe(`s must be a, got "${'z'.repeat(40)}…"`);
  });
});
