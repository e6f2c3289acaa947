import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house rules people forget, as a test:
 * - lib/domain is pure: it imports only zod, jstat, date-fns and @date-fns/tz, and its own files.
 *   Exception: lib/domain/disclosure-audit/ may import `highs` (the LP solver the audit runs on).
 * - lib/app reaches stores only through lib/stores/ports.ts, never an adapter or an AWS SDK client.
 * - functions/ import no store and no AWS SDK client: lib/composition.ts builds those.
 * - lib/app and lib/domain read the time only through the injected clock (`deps.now`).
 * - process.env is read only by the config modules and the Lambda entry points that hand it to them.
 */

const ROOT = join(import.meta.dirname, '../..');

interface Source {
  /** Repository-relative path with forward slashes, e.g. `lib/app/respond.ts`. */
  path: string;
  text: string;
}

const DOMAIN_PACKAGES = ['zod', 'jstat', 'date-fns', '@date-fns/tz'];
const AUDIT_PACKAGES = ['highs'];
/** Where process.env may be read: the config parsers, and the Lambda entry points that call them. */
const ENV_READERS = [/^lib\/config\.ts$/, /^functions\/[^/]+\/handler\.ts$/];

const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? '');

/** Code without comments, so a comment that mentions `Date.now()` or an import breaks nothing. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');

/** Every module a file imports or re-exports, statically or dynamically. */
const importsOf = (text: string): string[] =>
  [
    ...code(text).matchAll(
      /(?:^|[\s}])from\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm,
    ),
  ].map((m) => (m[1] ?? m[2] ?? m[3]) as string);

/** A relative specifier as a repository path (`../stores/ports.js` → `lib/stores/ports.ts`). */
const resolve = (from: string, specifier: string) =>
  normalize(join(dirname(from), specifier))
    .replaceAll('\\', '/')
    .replace(/\.js$/, '.ts');

/** What breaks the rules, one line per offence. */
const violations = (sources: Source[]): string[] => {
  const found: string[] = [];
  for (const { path, text } of sources) {
    for (const specifier of importsOf(text)) {
      const relativeImport = specifier.startsWith('.');
      const target = relativeImport ? resolve(path, specifier) : specifier;
      if (path.startsWith('lib/domain/')) {
        const allowed = path.startsWith('lib/domain/disclosure-audit/')
          ? [...DOMAIN_PACKAGES, ...AUDIT_PACKAGES]
          : DOMAIN_PACKAGES;
        if (relativeImport ? !target.startsWith('lib/domain/') : !allowed.includes(packageOf(specifier)))
          found.push(`${path}: the domain imports ${specifier}`);
      }
      if (path.startsWith('lib/app/')) {
        if (target.startsWith('lib/stores/') && target !== 'lib/stores/ports.ts')
          found.push(`${path}: a use case imports the store implementation ${specifier}`);
        if (specifier.startsWith('@aws-sdk/')) found.push(`${path}: a use case imports ${specifier}`);
      }
      if (path.startsWith('functions/')) {
        if (target.startsWith('lib/stores/'))
          found.push(`${path}: a function imports the store ${specifier}`);
        if (specifier.startsWith('@aws-sdk/')) found.push(`${path}: a function imports ${specifier}`);
      }
    }
    const body = code(text);
    if (/^lib\/(app|domain)\//.test(path)) {
      if (/\bDate\.now\s*\(/.test(body)) found.push(`${path}: Date.now() instead of deps.now`);
      if (/\bnew Date\s*\(\s*\)/.test(body)) found.push(`${path}: new Date() instead of deps.now`);
    }
    if (/\bprocess\.env\b/.test(body) && !ENV_READERS.some((allowed) => allowed.test(path)))
      found.push(`${path}: reads process.env outside the config modules`);
  }
  return found;
};

const sourcesUnder = (dir: string): Source[] =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => {
      const path = relative(ROOT, join(ROOT, dir, file)).replaceAll('\\', '/');
      return { path, text: readFileSync(join(ROOT, path), 'utf8') };
    });

describe('architecture', () => {
  it('holds in lib/ and functions/', () => {
    const sources = [...sourcesUnder('lib'), ...sourcesUnder('functions')];
    expect(sources.length).toBeGreaterThan(50);
    expect(violations(sources)).toEqual([]);
  });

  it.each([
    ['lib/domain/x.ts', "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';"],
    ['lib/domain/x.ts', "import { hash } from '../crypto.js';"],
    ['lib/domain/x.ts', "import { createHash } from 'node:crypto';"],
    ['lib/domain/x.ts', "import 'reflect-metadata';"],
    ['lib/domain/x.ts', "const solver = await import('highs');"],
    ['lib/app/x.ts', "import { DynamoWaveStore } from '../stores/dynamodb/waves.js';"],
    ['lib/app/x.ts', "export { MemoryWaveStore } from '../stores/memory/waves.js';"],
    ['lib/app/x.ts', "import { S3Client } from '@aws-sdk/client-s3';"],
    ['functions/admin/routes.ts', "import { keys } from '../../lib/stores/dynamodb/table.js';"],
    ['functions/admin/routes.ts', "import { GetCommand } from '@aws-sdk/lib-dynamodb';"],
    ['lib/app/x.ts', 'const t = Date.now();'],
    ['lib/domain/x.ts', 'const t = new Date();'],
    ['lib/metrics.ts', 'const ns = process.env.POWERTOOLS_METRICS_NAMESPACE;'],
    ['functions/admin/routes.ts', "if (process.env.DEBUG) log('x');"],
  ])('catches %s: %s', (path, text) => {
    expect(violations([{ path, text }])).toHaveLength(1);
  });

  it.each([
    [
      'lib/domain/x.ts',
      "import * as z from 'zod';\nimport { tz } from '@date-fns/tz';\nimport { a } from './y.js';",
    ],
    ['lib/domain/disclosure-audit/x.ts', "const solver = await import('highs');"],
    ['lib/app/x.ts', "import type { Stores } from '../stores/ports.js';\nconst at = new Date(deps.now());"],
    ['lib/app/x.ts', '// Date.now() would ignore the test clock; new Date() too.'],
    ['functions/admin/handler.ts', 'const config = loadRuntimeConfig(process.env);'],
    ['lib/config.ts', 'export const load = () => parse(process.env);'],
    ['lib/domain/x.ts', "const q = z.object({ from: z.string() }).refine((v) => v, { path: ['from'] });"],
  ])('allows %s: %s', (path, text) => {
    expect(violations([{ path, text }])).toEqual([]);
  });
});
