import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LESSONS, lessonBySlug, liveLessons } from './lessons';

/**
 * The curriculum table lives outside the repo (../shared/LESSONS.md next to the checkout);
 * LESSONS_MD points elsewhere.
 */
const CURRICULUM_PATH =
  process.env.LESSONS_MD ?? fileURLToPath(new URL('../../../shared/LESSONS.md', import.meta.url));
const CURRICULUM_PRESENT = existsSync(CURRICULUM_PATH);
if (!CURRICULUM_PRESENT)
  console.warn(`lessons.test: skipping the LESSONS.md comparison: ${CURRICULUM_PATH} not found`);

/** Reads the slugs from the curriculum table: rows like "| 1 | `websocket-handshake` | ...". */
function curriculumSlugs(): string[] {
  const text = readFileSync(CURRICULUM_PATH, 'utf8');
  const slugs: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\|\s*(\d+)\s*\|\s*`([a-z0-9-]+)`\s*\|/.exec(line);
    if (m?.[2]) slugs.push(m[2]);
  }
  return slugs;
}

const EXPECTED = [
  'websocket-handshake',
  'websocket-frames',
  'heartbeat',
  'socketio-stack',
  'engineio-upgrade',
  'long-polling',
  'polling-sse-websocket',
  'rooms-namespaces',
  'reconnect-backoff',
  'backpressure',
  'ordering-replay',
  'delivery-guarantees',
  'auth-sessions',
  'scaling-out',
  'overhead-measured',
  'choosing',
];

describe('lesson index', () => {
  it('lists the 16 curriculum slugs in order', () => {
    expect(LESSONS.map((l) => l.slug)).toEqual(EXPECTED);
  });

  it.skipIf(!CURRICULUM_PRESENT)(
    `matches the slugs of LESSONS.md${CURRICULUM_PRESENT ? '' : ` (skipped: ${CURRICULUM_PATH} not found)`}`,
    () => {
      // A table this parser no longer reads must fail, not pass with nothing compared.
      const fromDoc = curriculumSlugs();
      expect(fromDoc.length).toBeGreaterThan(0);
      expect(LESSONS.map((l) => l.slug)).toEqual(fromDoc);
    },
  );

  it('numbers lessons 1..16 without gaps', () => {
    expect(LESSONS.map((l) => l.order)).toEqual(EXPECTED.map((_, i) => i + 1));
  });

  it('has a lesson text in content/lessons for every live lesson', () => {
    expect(liveLessons().length).toBeGreaterThanOrEqual(2);
    for (const lesson of liveLessons()) {
      expect(existsSync(join(process.cwd(), 'content', 'lessons', `${lesson.slug}.mdx`))).toBe(
        true,
      );
    }
  });

  it('finds a lesson by slug and nothing for an unknown one', () => {
    expect(lessonBySlug('heartbeat')?.order).toBe(3);
    expect(lessonBySlug('nope')).toBeUndefined();
  });
});
