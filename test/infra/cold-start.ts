import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { esbuildOptions } from '../../infra/aws/bundling.js';
import { entryOf, type LambdaName } from '../../infra/aws/entries.js';

/** A bundle as the stack deploys it: `index.mjs` (plus its source map) in `dir`. */
export interface LambdaBundle {
  dir: string;
  file: string;
  bytes: number;
  dispose: () => Promise<void>;
}

/** Bundles a function with the deployed esbuild settings into a fresh temporary directory. */
export const bundleLambda = async (name: LambdaName): Promise<LambdaBundle> => {
  const dir = await mkdtemp(join(tmpdir(), `pulse-${name}-`));
  const file = join(dir, 'index.mjs');
  await build(esbuildOptions(entryOf(name), file));
  return {
    dir,
    file,
    bytes: (await stat(file)).size,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
};

/** What module-scope initialisation needs to run without AWS: the local secret, a table name. */
const COLD_START_ENV = {
  PULSE_TABLE_NAME: 'x',
  PULSE_HMAC_SECRET: 'cold-start-measurement-secret-0123456789abcdef',
  AWS_REGION: 'eu-west-2',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // As on Lambda (see infra/aws/pulse-function.ts): source maps are loaded with the bundle.
  NODE_OPTIONS: '--enable-source-maps',
} as const;

/** Imports the bundle in a fresh `node` process and reports how long the import took, in ms. */
const importOnce = (
  file: string,
  env: Record<string, string>,
): Promise<{ importMs: number; processMs: number }> =>
  new Promise((resolve, reject) => {
    const script = [
      'const start = performance.now();',
      `const mod = await import(${JSON.stringify(pathToFileURL(file).href)});`,
      "if (typeof mod.handler !== 'function') throw new Error('The bundle exports no handler');",
      'console.log(JSON.stringify({ importMs: performance.now() - start }));',
    ].join('\n');
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`Importing the bundle failed (${code}): ${err}`));
      const { importMs } = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { importMs: number };
      resolve({ importMs, processMs: performance.now() - started });
    });
  });

export interface ColdStartResult {
  name: LambdaName;
  bundleBytes: number;
  /** Time to import the bundle (module-scope init included), one entry per fresh process. */
  importMs: number[];
  medianImportMs: number;
  /** The fastest run: the least disturbed by whatever else the machine is doing. */
  minImportMs: number;
  /** Spawn to exit of the whole process, Node's own start-up included. */
  medianProcessMs: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * Cold start of a function as Lambda would see it (issue 4: target ≤ 150 ms for the respondent):
 * bundle it with the deployed settings, then import the bundle `runs` times, each in a fresh Node
 * process with no AWS access.
 */
export const measureColdStart = async (
  name: LambdaName = 'respondent',
  runs = 5,
  env: Record<string, string> = {},
): Promise<ColdStartResult> => {
  const bundle = await bundleLambda(name);
  try {
    const samples: { importMs: number; processMs: number }[] = [];
    for (let i = 0; i < runs; i++) samples.push(await importOnce(bundle.file, { ...COLD_START_ENV, ...env }));
    return {
      name,
      bundleBytes: bundle.bytes,
      importMs: samples.map((s) => Math.round(s.importMs * 10) / 10),
      medianImportMs: Math.round(median(samples.map((s) => s.importMs)) * 10) / 10,
      minImportMs: Math.round(Math.min(...samples.map((s) => s.importMs)) * 10) / 10,
      medianProcessMs: Math.round(median(samples.map((s) => s.processMs)) * 10) / 10,
    };
  } finally {
    await bundle.dispose();
  }
};
