/**
 * The reliability suite (`npm run soak`; a short run is part of `npm test`). Loopback only, bounded
 * in time and count:
 * 1. starts the local stack as a child process (`infra/local/main.ts`) on free ports and a fresh
 *    data dir, and sets up surveys, open waves and links over the admin API;
 * 2. fires `submissions` concurrent PUTs (at most `concurrency` in flight) over all links, each with
 *    answers and a comment derived from its number, and times them;
 * 3. closes and settles the waves, starts a run of the job, SIGKILLs the stack while it publishes,
 *    restarts it on the same data and runs the job again;
 * 4. reads back, straight from the emulators: what was stored for every link, and every manifest
 *    entry's object, and counts what was lost, duplicated, mixed or mismatched.
 * Not covered yet: DynamoDB and S3 stalls injected through a TCP proxy (see docs/operations.md).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { S3Client } from '@aws-sdk/client-s3';
import { LOCAL_BUCKET_NAME, LOCAL_TABLE_NAME } from '../../infra/local/config.js';
import { responseKeys } from '../../lib/app/respond.js';
import { MANIFEST_KEY, sha256Hex } from '../../lib/app/snapshot-files.js';
import { createDynamoClient, createStores } from '../../lib/composition.js';
import { SDK_BUDGETS } from '../../lib/config.js';
import { waveRef } from '../../lib/stores/ports.js';
import { S3ObjectStore } from '../../lib/stores/s3/objects.js';

export interface SoakOptions {
  surveys: number;
  linksPerSurvey: number;
  submissions: number;
  concurrency: number;
  /** SIGKILL the stack during publication and restart it (waits out the crashed run's lease: ~1 min). */
  kill: boolean;
  /** The whole run is abandoned (and fails) after this long. */
  timeLimitMs: number;
}

export interface SoakFigures {
  acknowledged: number;
  rejected: number;
  stored: number;
  lost: number;
  duplicated: number;
  mixed: number;
  manifestMismatches: number;
  killedDuringPublication: boolean;
  p50Ms: number;
  p99Ms: number;
  elapsedMs: number;
}

const ADMIN_TOKEN = `soak-${randomBytes(12).toString('hex')}`;
const answersOf = (i: number) => ({
  sp1: 1 + (i % 5),
  sp2: 1 + (Math.floor(i / 5) % 5),
  tr1: 1 + (Math.floor(i / 25) % 5),
});

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

interface Ports {
  http: number;
  s3: number;
  dynamo: number;
}

/** `npm start`'s entry point in a child process, with the demo seed and the schedule off. */
const startStack = async (dataDir: string, ports: Ports): Promise<ChildProcess> => {
  const child = spawn(
    process.execPath,
    [
      '--env-file=infra/local/local.env',
      '--import',
      'tsx',
      '--openssl-legacy-provider',
      'infra/local/main.ts',
    ],
    {
      env: {
        ...process.env,
        PORT: String(ports.http),
        PULSE_S3_PORT: String(ports.s3),
        PULSE_DYNAMODB_PORT: String(ports.dynamo),
        PULSE_DATA_DIR: dataDir,
        PULSE_ADMIN_TOKEN: ADMIN_TOKEN,
        PULSE_SEED: 'none',
        PULSE_SCHEDULE_SECONDS: '0',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`The stack exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${ports.http}/openapi.json`)).ok) return child;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error('The stack did not start within 30 s');
};

const stopped = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);

export const runSoak = async (options: SoakOptions): Promise<SoakFigures> => {
  const started = Date.now();
  const deadline = started + options.timeLimitMs;
  const dataDir = mkdtempSync(join(tmpdir(), 'pulse-soak-'));
  const ports: Ports = { http: await freePort(), s3: await freePort(), dynamo: await freePort() };
  const base = `http://127.0.0.1:${ports.http}`;
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: admin,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  let child = await startStack(dataDir, ports);
  try {
    // 1. surveys, waves and links
    const c = `soak-${randomBytes(3).toString('hex')}`;
    await call('PUT', `/admin/collaborations/${c}`, {
      name: 'Soak',
      neighbourhoods: [{ id: 'north', name: 'North' }],
      partners: [{ id: 'pcn', name: 'PCN', sector: 'primary-care' }],
    });
    const links: { survey: string; token: string }[] = [];
    for (let k = 0; k < options.surveys; k++) {
      const s = `s${k}`;
      await call('PUT', `/admin/collaborations/${c}/surveys/${s}`, {
        title: 'Soak',
        questions: [
          { id: 'sp1', characteristic: 'shared-purpose', text: 'One', type: 'likert5' },
          { id: 'sp2', characteristic: 'shared-purpose', text: 'Two', type: 'likert5' },
          { id: 'tr1', characteristic: 'trusting-relationships', text: 'Three', type: 'likert5' },
          { id: 'note', characteristic: 'shared-purpose', text: 'Anything?', type: 'comment' },
        ],
        cadence: { intervalDays: 91, waveLengthDays: 14, firstWaveOpensAt: '2099-01-05T09:00:00' },
      });
      await call('POST', `/admin/collaborations/${c}/surveys/${s}/waves`, { id: 'w1' });
      const issued = (await call('POST', `/admin/collaborations/${c}/surveys/${s}/links`, {
        partnerId: 'pcn',
        neighbourhoodId: 'north',
        count: options.linksPerSurvey,
      })) as { links: { url: string }[] };
      for (const { url } of issued.links) links.push({ survey: s, token: url.split('/').pop() as string });
    }

    // 2. concurrent submissions
    const acknowledged = new Map<string, number[]>();
    const latencies: number[] = [];
    let rejected = 0;
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < options.submissions && Date.now() < deadline; i = next++) {
        const link = links[i % links.length] as (typeof links)[number];
        const t0 = performance.now();
        const res = await fetch(`${base}/api/s/${link.token}/response`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            answers: answersOf(i),
            comments: i % 7 === 0 ? {} : { note: `soak ${i}` },
          }),
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status === 200) acknowledged.set(link.token, [...(acknowledged.get(link.token) ?? []), i]);
        else rejected++;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));

    // 3. close, settle, and kill the stack while the job publishes
    const db = createDynamoClient(SDK_BUDGETS.aggregate, {
      region: process.env.AWS_REGION ?? 'eu-west-2',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      dynamoDbEndpoint: `http://127.0.0.1:${ports.dynamo}`,
    });
    const stores = createStores(db, LOCAL_TABLE_NAME, { transactions: false });
    for (let k = 0; k < options.surveys; k++) {
      await call('POST', `/admin/collaborations/${c}/surveys/s${k}/waves/w1/close`, {});
      const wave = await stores.waves.get(c, `s${k}`, 'w1');
      if (!wave) throw new Error('wave w1 vanished');
      await stores.waves.update(c, `s${k}`, {
        ...wave,
        closesAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      });
    }
    let killedDuringPublication = false;
    if (options.kill) {
      const run = fetch(`${base}/admin/aggregate`, { method: 'POST', headers: admin, body: '{}' }).catch(
        () => null,
      );
      await sleep(150 + Math.floor(Math.random() * 250));
      killedDuringPublication = child.exitCode === null;
      child.kill('SIGKILL');
      await Promise.all([stopped(child), run]);
      child = await startStack(dataDir, ports);
    }
    // Recovery: the killed run's survey leases expire within a minute; run until none is busy.
    for (;;) {
      const summary = (await call('POST', '/admin/aggregate', {})) as { surveys: { status: string }[] };
      if (!summary.surveys.some((x) => x.status === 'busy' || x.status === 'skipped')) break;
      if (Date.now() > deadline) throw new Error('Surveys still busy at the time limit');
      await sleep(5_000);
    }

    // 4. read back
    const secret = Buffer.from(readFileSync(join(dataDir, 'hmac-secret'), 'utf8').trim(), 'utf8');
    let stored = 0;
    let lost = 0;
    let mixed = 0;
    let duplicated = 0;
    for (let k = 0; k < options.surveys; k++) {
      const wave = await stores.waves.get(c, `s${k}`, 'w1');
      if (!wave) throw new Error('wave w1 vanished');
      const ref = waveRef(c, `s${k}`, wave);
      const counted = (await stores.responses.countWave(ref)).reduce((t, x) => t + x.count, 0);
      const answered = links.filter((l) => l.survey === `s${k}` && acknowledged.has(l.token));
      stored += counted;
      duplicated += Math.max(0, counted - answered.length);
      for (const { token } of answered) {
        const keys = responseKeys(secret, token, 'w1');
        const response = await stores.responses.getResponse(ref, keys.response);
        const comments = await stores.responses.getComments(ref, keys.comment);
        const acks = acknowledged.get(token) ?? [];
        const fromComment = Number(/^soak (\d+)$/.exec(comments[0]?.text ?? '')?.[1] ?? Number.NaN);
        const candidates = comments.length > 0 ? [fromComment] : acks.filter((i) => i % 7 === 0);
        const matches = candidates.filter(
          (i) =>
            acks.includes(i) && JSON.stringify(response?.response.answers) === JSON.stringify(answersOf(i)),
        );
        if (!response) lost++;
        else if (matches.length === 0) mixed++;
      }
    }
    const s3 = new S3Client({
      endpoint: `http://127.0.0.1:${ports.s3}`,
      forcePathStyle: true,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const objects = new S3ObjectStore(s3, LOCAL_BUCKET_NAME);
    const manifest = JSON.parse(
      new TextDecoder().decode((await objects.get(MANIFEST_KEY)) ?? new Uint8Array()),
    ).objects as { key: string; sha256: string; immutableKey?: string }[];
    let manifestMismatches = 0;
    for (const entry of manifest) {
      for (const key of [entry.key, entry.immutableKey]) {
        if (!key) continue;
        const bytes = await objects.get(key);
        if (!bytes || sha256Hex(bytes) !== entry.sha256) manifestMismatches++;
      }
    }
    s3.destroy();
    db.destroy();
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      acknowledged: [...acknowledged.values()].reduce((t, a) => t + a.length, 0),
      rejected,
      stored,
      lost,
      duplicated,
      mixed,
      manifestMismatches,
      killedDuringPublication,
      p50Ms: Math.round(percentile(sorted, 0.5)),
      p99Ms: Math.round(percentile(sorted, 0.99)),
      elapsedMs: Date.now() - started,
    };
  } finally {
    child.kill('SIGKILL');
    await stopped(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
};
