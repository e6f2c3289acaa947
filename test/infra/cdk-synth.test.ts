import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'pulse-synth-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npx cdk synth', () => {
  it('works offline with no AWS credentials, bundling every function and its assets', async () => {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: '',
      CDK_DISABLE_VERSION_CHECK: '1',
    };

    await run('npx', ['cdk', 'synth', '--quiet', '--output', out], { env, timeout: 170_000 });

    const template = JSON.parse(readFileSync(join(out, 'AlliancePulse-prod.template.json'), 'utf8'));
    const functions = Object.values(template.Resources as Record<string, { Type: string }>).filter(
      (r) => r.Type === 'AWS::Lambda::Function',
    );
    expect(functions.length).toBeGreaterThanOrEqual(4);
    const assets = readdirSync(out).filter((d) => d.startsWith('asset.'));
    const bundles = assets.filter((d) => existsSync(join(out, d, 'index.mjs')));
    expect(bundles.length).toBeGreaterThanOrEqual(4);
    expect(bundles.some((d) => existsSync(join(out, d, 'assets', 'nhsuk.css')))).toBe(true);
  }, 180_000);
});
