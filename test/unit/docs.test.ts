import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTION_ROUTES } from '../../functions/routes.js';
import { ENV } from '../../lib/config.js';

/**
 * The README is a front page and the manuals live in docs/: every relative link and image in them
 * must lead somewhere, down to the heading, so that moving a section never leaves a dead link.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const DOCS = join(ROOT, 'docs');
const pages = [
  join(ROOT, 'README.md'),
  ...readdirSync(DOCS)
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(DOCS, f)),
];

/** Markdown outside fenced code blocks (a link inside a code sample is not a link). */
const prose = (markdown: string): string[] => {
  let fenced = false;
  return markdown.split('\n').filter((line) => {
    if (line.startsWith('```')) fenced = !fenced;
    return !fenced && !line.startsWith('```');
  });
};

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
const anchors = (markdown: string): Set<string> => {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of prose(markdown)) {
    const heading = /^#{1,6} (.+)$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
};

/** Every inline link or image target that is not a URL or a mail address. */
const relativeLinks = (markdown: string): string[] =>
  prose(markdown)
    .flatMap((line) => [...line.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] as string))
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));

describe('README and docs/', () => {
  it('finds the pages it checks', () => {
    expect(pages.map((p) => relative(ROOT, p))).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/api.md',
        'docs/aggregation.md',
        'docs/deploy.md',
        'docs/bi.md',
        'docs/operations.md',
        'docs/privacy.md',
        'docs/benchmarks.md',
      ]),
    );
  });

  it('keeps the README a front page of at most 200 lines', () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(200);
  });

  it.each(pages.map((p) => [relative(ROOT, p), p]))('%s: every relative link resolves', (_, page) => {
    const markdown = readFileSync(page, 'utf8');
    const links = relativeLinks(markdown);
    const broken = links.filter((target) => {
      const [path = '', anchor] = target.split('#');
      const file = path === '' ? page : resolve(dirname(page), decodeURIComponent(path));
      if (!existsSync(file)) return true;
      if (anchor === undefined) return false;
      return !anchors(readFileSync(file, 'utf8')).has(anchor);
    });
    expect(broken).toEqual([]);
  });

  it('checks anchors the way GitHub renders them', () => {
    const set = anchors('# S3 layout\n## Disclosure control (`lib/domain/x.ts`)\n## Notes\n## Notes\n');
    expect([...set]).toEqual(['s3-layout', 'disclosure-control-libdomainxts', 'notes', 'notes-1']);
  });
});

/** The first cell of every row of a markdown table: `| cell | … |`. */
const firstCells = (markdown: string): string[] =>
  prose(markdown).flatMap((line) => /^\|([^|]+)\|/.exec(line)?.[1]?.trim() ?? []);

/**
 * The routes api.md's tables name, as `METHOD /path`: a cell may give two methods
 * (`` `PUT`/`GET /admin/…` ``), a path shortened to `…/surveys/{s}/waves` and a query.
 */
const documentedRoutes = (markdown: string): { method: string; path: string }[] =>
  firstCells(markdown).flatMap((cell) => {
    const path = /(?:GET|POST|PUT|PATCH|DELETE) ([/…][^`\s?[]*)/.exec(cell)?.[1];
    if (path === undefined) return [];
    return [...cell.matchAll(/\b(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => ({
      method: m[1] as string,
      path,
    }));
  });

describe('the manuals describe what the code does', () => {
  const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

  it('documents every environment variable lib/config.ts names in docs/local.md', () => {
    const local = read('docs/local.md');
    expect(Object.values(ENV).filter((name) => !local.includes(`\`${name}\``))).toEqual([]);
  });

  it('documents every npm script in docs/local.md', () => {
    const scripts = Object.keys(JSON.parse(read('package.json')).scripts as Record<string, string>);
    const local = read('docs/local.md');
    const missing = scripts.filter(
      (name) => !local.includes(`\`npm ${name}\``) && !local.includes(`\`npm run ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('documents every API route in docs/api.md (the console pages are in console.md)', () => {
    const documented = documentedRoutes(read('docs/api.md'));
    const { console: _pages, ...api } = FUNCTION_ROUTES;
    const missing = Object.values(api)
      .flat()
      .filter((route) => {
        const [method, path = ''] = route.split(' ');
        return !documented.some(
          (doc) =>
            doc.method === method &&
            (doc.path === path || (doc.path.startsWith('…') && path.endsWith(doc.path.slice(1)))),
        );
      });
    expect(missing).toEqual([]);
  });

  it('lists every console route in docs/console.md', () => {
    const manual = read('docs/console.md');
    expect(FUNCTION_ROUTES.console.filter((route) => !manual.includes(`\`${route}\``))).toEqual([]);
  });
});
