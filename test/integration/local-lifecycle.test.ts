import { existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collaborationDocument } from '../support/documents.js';
import { type LocalProcess, portIsFree, startLocalProcess } from '../support/local-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'pulse-lifecycle-'));
const started: LocalProcess[] = [];
afterAll(() => {
  // Only matters when a test failed: a stopped stack's group is already gone.
  for (const stack of started) stack.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

const ADMIN_TOKEN = 'lifecycle-admin-token-0123456789';

const start = (ports: { http: number; s3: number; dynamo: number }, how: 'npm' | 'node' = 'node') => {
  const stack = startLocalProcess(env(ports), how);
  started.push(stack);
  return stack;
};

const env = (ports: { http: number; s3: number; dynamo: number }) => ({
  PORT: String(ports.http),
  PULSE_S3_PORT: String(ports.s3),
  PULSE_DYNAMODB_PORT: String(ports.dynamo),
  PULSE_DATA_DIR: dataDir,
  PULSE_ADMIN_TOKEN: ADMIN_TOKEN,
  PULSE_SEED: 'none',
  PULSE_SCHEDULE_SECONDS: '0',
});

/** The three ports a ready stack printed. */
const printedPorts = (output: string) => {
  const port = (label: string) =>
    Number(new RegExp(`${label}\\s+http://127\\.0\\.0\\.1:(\\d+)`).exec(output)?.[1]);
  return { http: port('HTTP API'), s3: port('S3'), dynamo: port('DynamoDB') };
};

/** Sends `signal` to npm's own pid (not to the node process it runs) and waits for npm to exit. */
const signalNpm = async (stack: LocalProcess, signal: NodeJS.Signals) => {
  stack.child.kill(signal);
  return stack.exited;
};

describe('the local stack’s lifecycle', () => {
  it('refuses a second stack on its data dir or ports; stops on SIGTERM or SIGINT sent to npm’s pid, frees its ports, and starts again on them', async () => {
    const first = start({ http: 0, s3: 0, dynamo: 0 }, 'npm');
    const ports = printedPorts(await first.ready);
    expect(Object.values(ports).every((p) => p > 0)).toBe(true);
    // Data in the table, for the next test's refusal to start without the secret.
    const put = await fetch(`http://127.0.0.1:${ports.http}/admin/collaborations/lifecycle`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(collaborationDocument()),
    });
    expect(put.status).toBe(200);
    // While it runs, a second stack on its data dir or on its ports is refused, saying why.
    const sameDir = start({ http: 0, s3: 0, dynamo: 0 });
    expect(await sameDir.exited).toBe(1);
    expect(sameDir.output()).toContain(`${join(dataDir, 'dynamodb')} is in use by another local stack`);
    const otherDir = mkdtempSync(join(tmpdir(), 'pulse-lifecycle-other-'));
    try {
      const samePorts = startLocalProcess({ ...env(ports), PULSE_DATA_DIR: otherDir });
      started.push(samePorts);
      expect(await samePorts.exited).toBe(1);
      expect(samePorts.output()).toContain(
        `Port ${ports.dynamo} (PULSE_DYNAMODB_PORT) is already in use, perhaps by another local stack`,
      );
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }

    expect(await signalNpm(first, 'SIGTERM')).toBe(0);
    expect(first.output()).toContain('SIGTERM: stopping');
    expect(first.output()).toContain('Stopped.');
    for (const port of Object.values(ports)) expect(await portIsFree(port), `port ${port}`).toBe(true);

    // The same ports again: nothing of the first stack is left holding them.
    const second = start(ports, 'npm');
    expect(printedPorts(await second.ready)).toEqual(ports);
    expect(await signalNpm(second, 'SIGINT')).toBe(0);
    expect(second.output()).toContain('Stopped.');
    for (const port of Object.values(ports)) expect(await portIsFree(port), `port ${port}`).toBe(true);
  }, 120_000);

  it('keeps the HMAC secret of a fresh data dir, and refuses to start when a data dir with data has lost it', async () => {
    const secret = join(dataDir, 'hmac-secret');
    // The fresh data dir of the first test got a new secret, readable by its owner only.
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    renameSync(secret, `${secret}.kept`);
    try {
      const refused = start({ http: 0, s3: 0, dynamo: 0 });

      expect(await refused.exited).toBe(1);
      expect(refused.output()).toContain(`${secret} is missing, but ${dataDir} holds survey data`);
      expect(refused.output()).toContain('put the old hmac-secret back');
      // Nothing was made up in its place.
      expect(existsSync(secret)).toBe(false);
    } finally {
      renameSync(`${secret}.kept`, secret);
    }
  }, 60_000);

  it('names a damaged DynamoDB file and says what to do, instead of “Database is closed”', async () => {
    const current = join(dataDir, 'dynamodb', 'CURRENT');
    writeFileSync(current, 'not a manifest name');

    const refused = start({ http: 0, s3: 0, dynamo: 0 });

    expect(await refused.exited).toBe(1);
    const output = refused.output();
    expect(output).toContain(`The local DynamoDB cannot open ${join(dataDir, 'dynamodb')}`);
    expect(output).toContain('Corruption');
    expect(output).toContain(`restore the data dir from a backup, or delete ${dataDir} to start afresh`);
    expect(output).not.toContain('Database is closed');
  }, 60_000);
});
