/**
 * The lesson contract: a live lesson is one registry entry, one text (content/lessons/<slug>.mdx)
 * and one panel folder (components/lessons/<slug>/), and its text's <Step>s are the registry's
 * steps, in order. Lesson folders do not import from each other: what two lessons share lives in
 * components/ or lib/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LESSONS, liveLessons } from './lessons';

const root = process.cwd();
const text = (slug: string) =>
  readFileSync(join(root, 'content', 'lessons', `${slug}.mdx`), 'utf8');
const stepIdsInText = (mdx: string) => [...mdx.matchAll(/<Step id="([^"]+)">/g)].map((m) => m[1]);

describe('lesson contract', () => {
  it.each(liveLessons())('$slug has a text, a panel folder and a teaching scenario link', (l) => {
    expect(existsSync(join(root, 'content', 'lessons', `${l.slug}.mdx`))).toBe(true);
    expect(existsSync(join(root, 'components', 'lessons', l.slug))).toBe(true);
    const live = readFileSync(join(root, 'components', 'lessons', 'live-lesson.tsx'), 'utf8');
    expect(live).toContain(`./${l.slug}/`);
    const texts = readFileSync(join(root, 'lib', 'content', 'lesson-texts.ts'), 'utf8');
    expect(texts).toContain(`@/content/lessons/${l.slug}.mdx`);
  });

  it.each(liveLessons().filter((l) => l.steps))(
    '$slug: the text has the registry steps, in order',
    (l) => {
      expect(stepIdsInText(text(l.slug))).toEqual(l.steps?.map((s) => s.id));
      const ids = l.steps?.map((s) => s.id) ?? [];
      expect(new Set(ids).size).toBe(ids.length);
    },
  );

  it.each(liveLessons().filter((l) => l.steps))(
    '$slug: its panel reports a proof for every step',
    (l) => {
      const folder = join(root, 'components', 'lessons', l.slug);
      const source = readdirSync(folder)
        .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'))
        .map((f) => readFileSync(join(folder, f), 'utf8'))
        .join('\n');
      expect(source).toContain('useReportSteps(');
      for (const s of l.steps ?? [])
        expect(source).toMatch(new RegExp(`\\b['"]?${s.id}['"]?\\s*:`));
    },
  );

  it('a text without registry steps has no <Step>', () => {
    for (const l of liveLessons().filter((x) => !x.steps))
      expect(stepIdsInText(text(l.slug))).toEqual([]);
  });

  it('no lesson folder imports from another lesson folder', () => {
    const slugs = LESSONS.map((l) => l.slug);
    const offenders: string[] = [];
    for (const slug of slugs) {
      const folder = join(root, 'components', 'lessons', slug);
      if (!existsSync(folder)) continue;
      for (const f of readdirSync(folder)) {
        if (!/\.(tsx?|css)$/.test(f)) continue;
        const src = readFileSync(join(folder, f), 'utf8');
        for (const other of slugs) {
          if (other !== slug && src.includes(`'../${other}/`))
            offenders.push(`${slug}/${f} → ${other}`);
        }
      }
    }
    expect.soft(offenders).toEqual([]);
  });
});
