import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLE } from '../../infra/aws/bundling.js';
import { bundleLambda, type LambdaBundle, measureColdStart } from './cold-start.js';

/** Issue 4: the respondent function's minified bundle must stay within 600 KB. */
const BUDGET_BYTES = 600_000;

describe('the respondent bundle', () => {
  let bundle: LambdaBundle;
  beforeAll(async () => {
    bundle = await bundleLambda('respondent');
  }, 120_000);
  afterAll(() => bundle?.dispose());

  it(`stays within ${BUDGET_BYTES / 1000} KB minified`, () => {
    console.info(`respondent bundle: ${(bundle.bytes / 1000).toFixed(1)} KB`);
    expect(bundle.bytes).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('is an ESM bundle with the createRequire banner', async () => {
    const code = await readFile(bundle.file, 'utf8');
    expect(code.startsWith(LAMBDA_BUNDLE.banner)).toBe(true);
    expect(code).toMatch(/export\s*\{/);
  });

  it('loads in a fresh Node process without AWS (no dynamic-require crash at import)', async () => {
    const result = await measureColdStart('respondent', 1);
    console.info(`respondent cold import: ${result.medianImportMs} ms`);
    expect(result.importMs).toHaveLength(1);
  }, 120_000);
});
