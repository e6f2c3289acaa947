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
 * - process.env is read only by the config modules and the entry points that hand it to them (the
 *   Lambda handlers, `npm start`'s infra/local/main.ts), and written nowhere: the local stack gives
 *   its functions their settings and SDK clients their endpoints explicitly, as Lambda would.
 */

const ROOT = join(import.meta.dirname, '../..');

interface Source {
  /** Repository-relative path with forward slashes, e.g. `lib/app/respond.ts`. */
  path: string;
  text: string;
}

const DOMAIN_PACKAGES = ['zod', 'jstat', 'date-fns', '@date-fns/tz'];
const AUDIT_PACKAGES = ['highs'];
/** Where process.env may be read: the config parsers, and the entry points that call them. */
const ENV_READERS = [
  /^lib\/config\.ts$/,
  /^functions\/[^/]+\/handler\.ts$/,
  /^infra\/local\/config\.ts$/,
  /^infra\/local\/main\.ts$/,
];
/** Assigning, merging into or deleting from process.env: a side effect on everything else in the process. */
const ENV_WRITES = [
  /\bprocess\.env(?:\.\w+|\[[^\]]+\])\s*(?:=(?!=)|[+?|&]{1,2}=)/,
  /\bObject\.assign\(\s*process\.env\b/,
  /\bdelete\s+process\.env\b/,
  /\bprocess\.env\s*=(?!=)/,
];

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
    if (ENV_WRITES.some((write) => write.test(body))) found.push(`${path}: writes to the global process.env`);
    else if (/\bprocess\.env\b/.test(body) && !ENV_READERS.some((allowed) => allowed.test(path)))
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
  it('holds in lib/, functions/ and the local stack', () => {
    const sources = [...sourcesUnder('lib'), ...sourcesUnder('functions'), ...sourcesUnder('infra/local')];
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.map((s) => s.path)).toContain('infra/local/stack.ts');
    expect(violations(sources)).toEqual([]);
  });

  it.each([
    ['lib/domain/x.ts', "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';"],
    ['lib/domain/x.ts', "import { hash } from '../crypto.js';"],
    ['lib/domain/x.ts', "import { createHash } from 'node:crypto';"],
    ['lib/domain/x.ts', "import 'reflect-metadata';"],
    ['lib/domain/x.ts', "const solver = await import('highs');"],
    ['lib/domain/aggregation/x.ts', "import { Logger } from '@aws-lambda-powertools/logger';"],
    ['lib/domain/x.ts', "import { now } from '../app/deps.js';"],
    ['lib/app/x.ts', "import { DynamoWaveStore } from '../stores/dynamodb/waves.js';"],
    ['lib/app/x.ts', "import { MemoryObjectStore } from '../stores/memory/index.js';"],
    ['lib/app/x.ts', "import { S3ObjectStore } from '../stores/s3/objects.js';"],
    ['lib/app/x.ts', "export { MemoryWaveStore } from '../stores/memory/waves.js';"],
    ['lib/app/x.ts', "import { S3Client } from '@aws-sdk/client-s3';"],
    ['functions/admin/routes.ts', "import { keys } from '../../lib/stores/dynamodb/table.js';"],
    ['functions/admin/routes.ts', "import { GetCommand } from '@aws-sdk/lib-dynamodb';"],
    [
      'functions/console/pages/x.ts',
      "import { MemoryWaveStore } from '../../../lib/stores/memory/waves.js';",
    ],
    ['functions/aggregate/function.ts', "import { SQSClient } from '@aws-sdk/client-sqs';"],
    ['lib/app/x.ts', 'const t = Date.now();'],
    ['lib/domain/x.ts', 'const t = new Date();'],
    ['lib/domain/aggregation/x.ts', 'const started = Date.now();'],
    ['lib/app/x.ts', 'const today = new Date ();'],
    ['lib/metrics.ts', 'const ns = process.env.POWERTOOLS_METRICS_NAMESPACE;'],
    ['functions/admin/routes.ts', "if (process.env.DEBUG) log('x');"],
    ['infra/local/stack.ts', "Object.assign(process.env, { POWERTOOLS_METRICS_DISABLED: 'true' });"],
    ['infra/local/stack.ts', "const region = process.env.AWS_REGION ?? 'eu-west-2';"],
    ['infra/local/main.ts', "process.env.AWS_ACCESS_KEY_ID = 'S3RVER';"],
    ['infra/local/main.ts', "process.env['AWS_REGION'] ??= 'eu-west-2';"],
    ['lib/config.ts', 'delete process.env.PULSE_ADMIN_TOKEN;'],
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
    [
      'infra/local/main.ts',
      'const stack = await startLocalStack(loadLocalConfig(process.env), { env: process.env });',
    ],
    ['infra/local/config.ts', "if (process.env.PORT === '0') pick();"],
    ['infra/local/stack.ts', "import { createDynamoStores } from '../../lib/stores/dynamodb/index.js';"],
    ['lib/domain/x.ts', "const q = z.object({ from: z.string() }).refine((v) => v, { path: ['from'] });"],
  ])('allows %s: %s', (path, text) => {
    expect(violations([{ path, text }])).toEqual([]);
  });
});
