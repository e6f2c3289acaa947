/**
 * Every file the demo alliance publishes, from the local stack itself (the embedded DynamoDB and S3,
 * the seed and the job exactly as `npm start` runs them) with its clock pinned, written under the
 * folder given (default `demo-files/`). Run it on two commits and compare the folders
 * (`diff -r before after`): a refactor that should change no published figure changes no byte.
 * Usage: `npm run snapshot:demo-files -- /tmp/after` (docs/aggregation.md, "Checking a refactor").
 *
 * With the clock pinned, `generatedAt` and every date are the same on each run. Only how long the
 * disclosure audit's solver took varies: each snapshot JSON's `solverMs` is written as 0, and the
 * manifest's sha256 and size of those files follow. It prints each file's SHA-256 as written.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { seedDemo } from '../../infra/local/seed.js';
import { startTempStack } from '../support/temp-stack.js';

const AT = new Date('2026-11-27T12:00:00.000Z');
const PREFIX = 'snapshots/v1/';
const MANIFEST = `${PREFIX}manifest.json`;
const out = resolve(process.argv[2] ?? 'demo-files');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const stack = await startTempStack('pulse-demo-files-', 'demo-files-admin-token-0123456789', {
  now: () => AT,
});
const files = new Map<string, Uint8Array>();
try {
  await seedDemo(stack.deps, '', () => {});
  await stack.runJob();
  for (const key of await stack.deps.objects.list(PREFIX)) {
    files.set(key, (await stack.deps.objects.get(key)) as Uint8Array);
  }
} finally {
  await stack.stop();
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const written = new Map<string, Uint8Array>();
for (const [key, bytes] of files) {
  if (key === MANIFEST || !key.endsWith('.json')) written.set(key, bytes);
  else
    written.set(
      key,
      new TextEncoder().encode(text(bytes).replace(/"solverMs":\s*[0-9.e+-]+/g, '"solverMs":0')),
    );
}
const manifest = JSON.parse(text(files.get(MANIFEST) as Uint8Array)) as {
  objects: { key: string; immutableKey?: string; sha256: string; bytes: number }[];
};
for (const entry of manifest.objects) {
  const bytes = written.get(entry.key);
  if (bytes && bytes !== files.get(entry.key))
    Object.assign(entry, { sha256: sha256(bytes), bytes: bytes.length });
}
written.set(MANIFEST, new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));

for (const [key, bytes] of written) {
  mkdirSync(dirname(join(out, key)), { recursive: true });
  writeFileSync(join(out, key), bytes);
  process.stdout.write(`${sha256(bytes)}  ${key}\n`);
}
