import { describe, expect, it } from 'vitest';
import { decodeScenario } from '../scenario/url';
import { LESSONS, lessonHref } from './lessons';

describe('teaching scenarios', () => {
  it.each(LESSONS.filter((l) => l.scenario))('$slug: its scenario decodes with no problem', (l) => {
    expect(decodeScenario(l.scenario ?? '').problems).toEqual([]);
    expect(lessonHref(l)).toBe(`/lessons/${l.slug}?${l.scenario}`);
  });

  it('a lesson without one links bare', () => {
    expect(lessonHref({ slug: 'websocket-handshake' })).toBe('/lessons/websocket-handshake');
  });
});
