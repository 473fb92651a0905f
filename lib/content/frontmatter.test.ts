import { describe, expect, it } from 'vitest';
import { parseFrontmatter } from './frontmatter';

describe('parseFrontmatter', () => {
  it('reads key: value lines and the body after the fence', () => {
    const doc = parseFrontmatter('---\nslug: a-b\norder: 5\ntitle: "Hello: world"\n---\n# Body\n');
    expect(doc.data).toEqual({ slug: 'a-b', order: 5, title: 'Hello: world' });
    expect(doc.body).toBe('# Body\n');
  });

  it('returns the whole text as body when there is no frontmatter', () => {
    expect(parseFrontmatter('# Just text')).toEqual({ data: {}, body: '# Just text' });
  });

  it('accepts CRLF line endings', () => {
    const doc = parseFrontmatter('---\r\nslug: x\r\n---\r\nbody');
    expect(doc.data.slug).toBe('x');
    expect(doc.body).toBe('body');
  });
});
