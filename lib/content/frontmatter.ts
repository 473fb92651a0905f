/**
 * A small frontmatter reader for our own lesson texts: a leading `---` block of `key: value` lines.
 * Values are strings, except integers (order) which become numbers. Quotes around a value are removed.
 */

export interface Frontmatter {
  [key: string]: string | number;
}

export interface ParsedDocument {
  data: Frontmatter;
  body: string;
}

export function parseFrontmatter(text: string): ParsedDocument {
  const normalized = text.replace(/\r\n/g, '\n');
  if (!normalized.startsWith('---\n')) return { data: {}, body: normalized };
  const end = normalized.indexOf('\n---', 4);
  if (end < 0) return { data: {}, body: normalized };
  const block = normalized.slice(4, end);
  const afterFence = normalized.indexOf('\n', end + 4);
  const body = afterFence < 0 ? '' : normalized.slice(afterFence + 1);
  const data: Frontmatter = {};
  for (const line of block.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    let value = line.slice(colon + 1).trim();
    if (
      value.length >= 2 &&
      ((value.startsWith('"') && value.endsWith('"')) ||
        (value.startsWith("'") && value.endsWith("'")))
    ) {
      value = value.slice(1, -1);
      data[key] = value;
    } else if (/^-?\d+$/.test(value)) {
      data[key] = Number(value);
    } else {
      data[key] = value;
    }
  }
  return { data, body };
}
