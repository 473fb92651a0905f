/**
 * Loads a lesson's text from content/lessons/<slug>.md (server only: reads the file system at build
 * time) and renders its Markdown with `marked`. The content is ours, so HTML output is trusted.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Marked } from 'marked';
import { parseFrontmatter } from './frontmatter';

export interface LessonText {
  slug: string;
  title: string;
  order: number;
  /** Rendered HTML of the body before the `<!-- live -->` marker (all of it when absent). */
  intro: string;
  /** Rendered HTML after the marker: details and "try this" prompts, shown below the live panel. */
  details: string;
}

const marked = new Marked({ gfm: true, async: false });

export function lessonTextPath(slug: string): string {
  return path.join(process.cwd(), 'content', 'lessons', `${slug}.md`);
}

/** Splits the rendered text at `<!-- live -->`: prose before the live panel and after it. */
export function splitAtLiveMarker(markdown: string): [before: string, after: string] {
  const idx = markdown.indexOf('<!-- live -->');
  if (idx < 0) return [markdown, ''];
  return [markdown.slice(0, idx), markdown.slice(idx + '<!-- live -->'.length)];
}

export function renderMarkdown(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

export async function loadLessonText(slug: string): Promise<LessonText | null> {
  if (!/^[a-z0-9-]+$/.test(slug)) return null;
  let text: string;
  try {
    text = await readFile(lessonTextPath(slug), 'utf8');
  } catch {
    return null;
  }
  const { data, body } = parseFrontmatter(text);
  const [before, after] = splitAtLiveMarker(body);
  return {
    slug: typeof data.slug === 'string' ? data.slug : slug,
    title: typeof data.title === 'string' ? data.title : slug,
    order: typeof data.order === 'number' ? data.order : 0,
    intro: renderMarkdown(before),
    details: after.trim() === '' ? '' : renderMarkdown(after),
  };
}
