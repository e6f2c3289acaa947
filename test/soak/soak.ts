/**
 * The reliability suite (`npm run soak`; a short run is part of `npm test`). Loopback only, bounded
 * in time and count:
 * 1. starts a stalling TCP proxy in front of each emulator, and the local stack as a child process
 *    (`infra/local/main.ts`) on free ports and a fresh data dir, its functions' SDK clients going
 *    through the proxies (`PULSE_DYNAMODB_VIA`, `PULSE_S3_VIA`) with the respondent's AWS budget;
 *    sets up surveys, open waves and links over the admin API;
 * 2. fires `submissions` concurrent PUTs (at most `concurrency` in flight) over all links, each with
 *    answers and a comment derived from its number, and times them, stalling DynamoDB
 *    `dynamoDbStalls` times meanwhile; a 503 is retried after its Retry-After, as the respondent
 *    page asks, up to `MAX_ATTEMPTS` times;
 * 3. closes and settles the waves; runs the job with S3 stalled (when `s3Stall`); starts a run of
 *    the job, SIGKILLs the stack while it publishes (when `kill`), restarts it on the same data, and
 *    runs the job until every survey has published;
 * 4. reads back, straight from the emulators (not through the proxies): what was stored for every
 *    link, and every manifest entry's object, and counts what was lost, duplicated, mixed or
 *    mismatched.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
import { freePort, startLocalProcess } from '../support/local-process.js';
import { startStallProxy } from '../support/stall-proxy.js';

export interface SoakOptions {
  surveys: number;
  linksPerSurvey: number;
  submissions: number;
  concurrency: number;
  /** SIGKILL the stack during publication and restart it (waits out the crashed run's lease: ~1 min). */
  kill: boolean;
  /** The whole run is abandoned (and fails) after this long. */
  timeLimitMs: number;
  /** DynamoDB stalls during the submissions, spread evenly over them. */
  dynamoDbStalls: number;
  /** Stall S3 during a run of the job (before the SIGKILL, if any). */
  s3Stall: boolean;
  /** How long each stall lasts: longer than the respondent's SDK budget (2 × 2 s plus backoff). */
  stallMs: number;
}

export interface SoakFigures {
  acknowledged: number;
  /** Submissions never acknowledged, even after `MAX_ATTEMPTS` tries. */
  gaveUp: number;
  /** 503 answers (each then retried), and how many of them overlapped a stall. */
  told503: number;
  stall503: number;
  /**
   * How long a respondent waited for a 503 once DynamoDB had stalled (from the later of its request
   * and the stall's start): what a stall of any length costs, bounded by the SDK budget.
   */
  max503AfterStallMs: number;
  /** 503 answers without a Retry-After header (must be 0). */
  without503RetryAfter: number;
  /** Answers other than 200 and 503 (must be 0: the submissions are all valid). */
  otherStatuses: number;
  dynamoDbStalls: number;
  /** What the job run during the S3 stall answered (status, and surveys failed), if one ran. */
  s3StallRun: string | null;
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

interface Ports {
  http: number;
  s3: number;
  dynamo: number;
}

/**
 * `npm start`'s entry point in a child process, with the demo seed and the schedule off, its
 * functions reaching the emulators through the proxies. Every function gets the respondent's AWS
 * budget (the local default is a generous 15 s), so that a stall ends in a 503 within seconds.
 */
const startStack = async (dataDir: string, ports: Ports, via: { dynamoDb: string; s3: string }) => {
  const budget = SDK_BUDGETS.respondent;
  const stack = startLocalProcess({
    PORT: String(ports.http),
    PULSE_S3_PORT: String(ports.s3),
    PULSE_DYNAMODB_PORT: String(ports.dynamo),
    PULSE_DYNAMODB_VIA: via.dynamoDb,
    PULSE_S3_VIA: via.s3,
    PULSE_SDK_CONNECT_TIMEOUT_MS: String(budget.connectTimeoutMs),
    PULSE_SDK_REQUEST_TIMEOUT_MS: String(budget.requestTimeoutMs),
    PULSE_SDK_MAX_ATTEMPTS: String(budget.maxAttempts),
    PULSE_DATA_DIR: dataDir,
    PULSE_ADMIN_TOKEN: ADMIN_TOKEN,
    PULSE_SEED: 'none',
    PULSE_SCHEDULE_SECONDS: '0',
  });
  const timeout = sleep(60_000).then(() => {
    throw new Error(`The stack did not start within 60 s:\n${stack.output()}`);
  });
  await Promise.race([stack.ready, timeout]).catch((error) => {
    stack.kill();
    throw error;
  });
  return stack;
};

/** How often one submission is sent in all before the respondent gives up. */
export const MAX_ATTEMPTS = 6;

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
  const proxies = {
    dynamoDb: await startStallProxy(ports.dynamo),
    s3: await startStallProxy(ports.s3),
  };
  const via = { dynamoDb: proxies.dynamoDb.url, s3: proxies.s3.url };
  let stack = await startStack(dataDir, ports, via);
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

    // 2. concurrent submissions, with DynamoDB stalled now and then; a 503 is retried
    const acknowledged = new Map<string, number[]>();
    const latencies: number[] = [];
    const answers503: { from: number; to: number; retryAfter: string | null }[] = [];
    let gaveUp = 0;
    let otherStatuses = 0;
    const stallAt = new Set(
      Array.from({ length: options.dynamoDbStalls }, (_, k) =>
        Math.floor(((k + 1) * options.submissions) / (options.dynamoDbStalls + 1)),
      ),
    );
    const stalls: Promise<void>[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < options.submissions && Date.now() < deadline; i = next++) {
        if (stallAt.has(i)) stalls.push(proxies.dynamoDb.stall(options.stallMs));
        const link = links[i % links.length] as (typeof links)[number];
        for (let attempt = 1; ; attempt++) {
          const from = performance.now();
          const res = await fetch(`${base}/api/s/${link.token}/response`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              answers: answersOf(i),
              comments: i % 7 === 0 ? {} : { note: `soak ${i}` },
            }),
          });
          await res.arrayBuffer();
          const to = performance.now();
          latencies.push(to - from);
          if (res.status === 200) {
            acknowledged.set(link.token, [...(acknowledged.get(link.token) ?? []), i]);
            break;
          }
          if (res.status !== 503) {
            otherStatuses++;
            break;
          }
          const retryAfter = res.headers.get('retry-after');
          answers503.push({ from, to, retryAfter });
          if (attempt === MAX_ATTEMPTS || Date.now() > deadline) {
            gaveUp++;
            break;
          }
          await sleep(Number(retryAfter ?? 5) * 1000);
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    await Promise.all(stalls);
    const stallOf = (a: { from: number; to: number }) =>
      proxies.dynamoDb.windows.find(([start, end]) => a.from < end && a.to > start);
    const inStall = answers503.flatMap((a) => {
      const window = stallOf(a);
      return window ? [a.to - Math.max(a.from, window[0])] : [];
    });

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
    // The job with S3 stalled: it cannot publish, and must leave nothing half-published.
    let s3StallRun: string | null = null;
    if (options.s3Stall) {
      const stall = proxies.s3.stall(options.stallMs);
      await sleep(100);
      const res = await fetch(`${base}/admin/aggregate`, { method: 'POST', headers: admin, body: '{}' });
      const body = (await res.json().catch(() => ({}))) as { surveys?: { status: string }[] };
      const failed = body.surveys?.filter((x) => x.status !== 'published').length;
      s3StallRun = `${res.status}${failed === undefined ? '' : `, ${failed} of ${body.surveys?.length} surveys not published`}`;
      await stall;
    }
    let killedDuringPublication = false;
    if (options.kill) {
      const run = fetch(`${base}/admin/aggregate`, { method: 'POST', headers: admin, body: '{}' }).catch(
        () => null,
      );
      await sleep(150 + Math.floor(Math.random() * 250));
      killedDuringPublication = stack.child.exitCode === null;
      stack.child.kill('SIGKILL');
      await Promise.all([stack.exited, run]);
      stack = await startStack(dataDir, ports, via);
    }
    // Recovery: a killed run's survey leases expire within a minute; run until every survey published.
    for (;;) {
      const res = await fetch(`${base}/admin/aggregate`, { method: 'POST', headers: admin, body: '{}' });
      const summary = (await res.json().catch(() => ({}))) as { surveys?: { status: string }[] };
      if (res.ok && summary.surveys?.every((x) => x.status === 'published' || x.status === 'unchanged'))
        break;
      if (Date.now() > deadline) throw new Error(`Surveys not published at the time limit: ${res.status}`);
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
      gaveUp,
      told503: answers503.length,
      stall503: inStall.length,
      max503AfterStallMs: Math.round(Math.max(0, ...inStall)),
      without503RetryAfter: answers503.filter((a) => a.retryAfter === null).length,
      otherStatuses,
      dynamoDbStalls: proxies.dynamoDb.windows.length,
      s3StallRun,
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
    stack.kill();
    await stack.exited;
    await Promise.all([proxies.dynamoDb.close(), proxies.s3.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
};
