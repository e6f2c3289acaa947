import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalProcess, startLocalProcess } from '../support/local-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'pulse-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `npm start`'s entry point as a user runs it, on free ports and a fresh data dir. */
const start = () =>
  startLocalProcess({
    PORT: '0',
    PULSE_S3_PORT: '0',
    PULSE_DYNAMODB_PORT: '0',
    PULSE_DATA_DIR: dataDir,
    PULSE_SCHEDULE_SECONDS: '0',
  });

const stop = (stack: LocalProcess, signal: NodeJS.Signals) => {
  stack.child.kill(signal);
  return stack.exited;
};

describe('npm start', () => {
  it('seeds the demo, serves a printed link, publishes snapshots, stops cleanly and keeps its data', async () => {
    const first = start();
    const printed = await first.ready;

    expect(printed).toContain('Seeding the demo collaboration');
    // 9 since issue 10: immutable copies of latest.json, latest.csv, the Parquet table and the schema;
    // 11 since the results report (report.html and its immutable copy) is published with the snapshot;
    // 15 since issue 7 adds participation.csv and participation.parquet, each with its copy.
    expect(printed).toMatch(/se-essex\/pulse: published, 15 objects written/);
    const token = /Admin token\s+(\S+)/.exec(printed)?.[1];
    const link = /(http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{43})/.exec(printed)?.[1];
    expect(token).toBeDefined();
    expect(link).toBeDefined();
    const page = await fetch(link as string);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('South East Essex Alliance');
    const api = new URL(link as string).origin;
    const waves = await fetch(`${api}/admin/collaborations/se-essex/surveys/pulse/waves`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await waves.json()) as { waves: { status: string }[] };
    expect(body.waves.map((w) => w.status)).toEqual(['closed', 'closed', 'closed', 'closed', 'open']);
    const reportUrl = /Results report\s+(\S+)/.exec(printed)?.[1];
    expect(printed).toContain(`curl -H "Authorization: Bearer ${token}" -o report.html ${reportUrl}`);
    const report = await fetch(reportUrl as string, { headers: { authorization: `Bearer ${token}` } });
    expect(report.status).toBe(200);
    expect(await report.text()).toContain('Alliance pulse: results for round');
    expect(await stop(first, 'SIGINT')).toBe(0);
    expect(first.output()).toContain('Stopped.');

    const second = start();
    const again = await second.ready;

    expect(again).toContain('Demo data found: not seeding again.');
    expect(again).toContain(new URL(link as string).pathname);
    expect(await stop(second, 'SIGTERM')).toBe(0);
  }, 120_000);
});
