import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it, vi } from 'vitest';
import { type FrozenPublication, publicationKey, publishedAuditKey } from '../../lib/app/compute-snapshot.js';
import { runAggregation } from '../../lib/app/run-aggregation.js';
import { sha256Hex, snapshotKeys } from '../../lib/app/snapshot-files.js';
import { AUDIT_VERSION } from '../../lib/domain/disclosure-audit/index.js';
import { snapshotSchema } from '../../lib/domain/snapshot.js';
import type { ObjectStore } from '../../lib/stores/ports.js';
import {
  bucketReader,
  closeAndSettle,
  collaborationDocument,
  setUpOpenSurvey,
  surveyDocument,
  uniqueId,
  useTestStack,
} from '../support/stack.js';

const ctx = useTestStack();

const { getObject, getJson, listKeys } = bucketReader(ctx);

/** Answers for n respondents: answer(i) gives respondent i's [sp1, sp2, tr1]. */
const respond = async (tokens: { token: string }[], answer: (i: number) => (number | null)[]) => {
  for (const [i, { token }] of tokens.entries()) {
    const [sp1, sp2, tr1] = answer(i);
    const res = await ctx.api.put(`/api/s/${token}/response`, { answers: { sp1, sp2, tr1 } });
    expect(res.status).toBe(200);
  }
};

/** A survey with one closed wave of `n` respondents (all in partner pcn / neighbourhood north). */
const closedWave = async (n: number, answer: (i: number) => (number | null)[]) => {
  const setup = await setUpOpenSurvey(ctx.api, n);
  await respond(setup.tokens, answer);
  await closeAndSettle(ctx.stack, ctx.api, setup.c, setup.s, 'w1');
  return setup;
};

const mine = (summary: Awaited<ReturnType<typeof runAggregation>>, c: string) =>
  summary.surveys.find((s) => s.collaborationId === c);

describe('the scheduled job', () => {
  it('publishes the contract layout with figures that match a direct computation', async () => {
    const answers = [5, 4, 4, 3, 2, 5, 4];
    const { c, s } = await closedWave(7, (i) => [answers[i] as number, i === 0 ? null : 3, 4]);

    const summary = await ctx.stack.runJob();

    const keys = snapshotKeys(c, s);
    expect(mine(summary, c)).toMatchObject({ status: 'published', computed: ['w1'] });
    const latest = snapshotSchema.parse(await getJson(keys.latestJson));
    expect(latest).toMatchObject({
      schemaVersion: '1',
      collaboration: { id: c },
      survey: { id: s },
      minGroupSize: 5,
    });
    expect(latest.waves).toEqual([
      expect.objectContaining({ id: 'w1', status: 'closed', invited: 7, responses: 7, responseRate: 1 }),
    ]);
    // Independent computation of the overall sp1 cell.
    const mean = answers.reduce((a, b) => a + b, 0) / answers.length;
    const sd = Math.sqrt(answers.reduce((a, b) => a + (b - mean) ** 2, 0) / (answers.length - 1));
    const t6 = 2.446912; // Student's t(0.975, 6)
    const sp1 = latest.cells.find((x) => x.dimension === 'overall' && x.question === 'sp1');
    expect(sp1).toMatchObject({
      n: 7,
      dontKnow: 0,
      distribution: [0, 1, 1, 3, 2],
      band: 'borderline',
      suppressed: false,
    });
    expect(sp1?.mean).toBeCloseTo(mean, 10);
    expect(sp1?.sd).toBeCloseTo(sd, 10);
    expect(sp1?.ci95?.[0]).toBeCloseTo(mean - (t6 * sd) / Math.sqrt(7), 5);
    expect(sp1?.favourable).toBeCloseTo(5 / 7, 10);
    const sp2 = latest.cells.find((x) => x.dimension === 'overall' && x.question === 'sp2');
    expect(sp2).toMatchObject({ n: 6, dontKnow: 1 });
    // The characteristic row averages each respondent's own items: respondent 0 has only sp1 (5).
    const purpose = latest.cells.find(
      (x) => x.dimension === 'overall' && x.characteristic === 'shared-purpose' && x.question === null,
    );
    const scores = answers.map((a, i) => (i === 0 ? a : (a + 3) / 2));
    expect(purpose?.mean).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / 7, 10);
    // Neighbourhood south and sectors other than primary care are empty (contract change, rule 5):
    // n 0, not suppressed, every other statistic null.
    const south = latest.cells.find((x) => x.segment === 'south' && x.question === 'sp1');
    expect(south).toMatchObject({ suppressed: false, n: 0, dontKnow: 0, mean: null, distribution: null });
    // The disclosure audit ran: nobody here is in a group of 1–4, and everyone answered tr1 with a 4,
    // so tr1's published cells (and its one-item characteristic rows) show every member's answer.
    expect(latest.audit).toMatchObject({ cellsChecked: 0, extraSuppressed: 0 });
    expect(latest.audit?.groupDisclosures).toBeGreaterThanOrEqual(2);
    expect(latest.audit?.informationLoss).toBeGreaterThanOrEqual(0);

    const csv = (await getObject(keys.latestCsv))?.toString('utf8') ?? '';
    expect(csv.trim().split('\n')).toHaveLength(latest.cells.length + 1);
    expect(csv.split('\n')[0]).toContain('ci95_low');
    const history = await listKeys(`snapshots/v1/${c}/${s}/history/`);
    // Since issue 10 every current object also has an immutable copy, which the manifest points at.
    const base = keys.history(latest.generatedAt).replace(/\.json$/, '');
    // The results report (issue 8) has one too.
    expect(history).toEqual([
      `${base}.cells.parquet`,
      `${base}.csv`,
      keys.history(latest.generatedAt),
      `${base}.participation.csv`,
      `${base}.participation.parquet`,
      `${base}.report.html`,
    ]);
    expect(await getJson(keys.history(latest.generatedAt))).toEqual(await getJson(keys.latestJson));

    const parquetFile = join(mkdtempSync(join(tmpdir(), 'pulse-pq-')), 'cells.parquet');
    writeFileSync(parquetFile, (await getObject(keys.parquet)) ?? Buffer.alloc(0));
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (
      await duck.runAndReadAll(
        `select count(*)::int, sum(n)::int, max(mean) from read_parquet('${parquetFile}') where dimension = 'overall' and question = 'sp1'`,
      )
    ).getRows();
    expect(rows).toEqual([[1, 7, mean]]);
    const total = (
      await duck.runAndReadAll(`select count(*)::int from read_parquet('${parquetFile}')`)
    ).getRows();
    expect(total).toEqual([[latest.cells.length]]);
  });

  it('writes a manifest whose checksums match the objects, and the JSON Schema', async () => {
    const { c, s } = await closedWave(5, () => [4, 4, 4]);
    await ctx.stack.runJob();

    const manifest = await getJson('snapshots/v1/manifest.json');
    const keys = snapshotKeys(c, s);
    for (const key of [
      keys.latestJson,
      keys.latestCsv,
      keys.parquet,
      'snapshots/v1/schema/snapshot.schema.json',
    ]) {
      const entry = manifest.objects.find((o: { key: string }) => o.key === key);
      const body = await getObject(key);
      expect(entry, key).toMatchObject({ sha256: sha256Hex(body as Buffer), bytes: body?.length });
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(manifest.objects.some((o: { key: string }) => o.key.includes('/history/'))).toBe(false);
    const schema = await getJson('snapshots/v1/schema/snapshot.schema.json');
    expect(schema.properties.cells.type).toBe('array');
  });

  it('publishes participation only for an open wave', async () => {
    const { c, s, tokens } = await setUpOpenSurvey(ctx.api, 6);
    await respond(tokens.slice(0, 5), () => [4, 4, 4]);

    await ctx.stack.runJob();

    const latest = await getJson(snapshotKeys(c, s).latestJson);
    expect(latest.waves).toEqual([
      expect.objectContaining({ id: 'w1', status: 'open', invited: 6, responses: 5, responseRate: 5 / 6 }),
    ]);
    expect(latest.cells).toEqual([]);
  });

  it('shows a just-closed wave as participation only until late submissions can no longer land', async () => {
    const { c, s, tokens, base } = await setUpOpenSurvey(ctx.api, 5);
    await respond(tokens, () => [4, 4, 4]);
    await ctx.api.post(`${base}/waves/w1/close`, {}, { admin: true });

    await ctx.stack.runJob();
    const justClosed = await getJson(snapshotKeys(c, s).latestJson);
    ctx.stack.clock.advance(6 * 60_000);
    await ctx.stack.runJob();
    const settled = await getJson(snapshotKeys(c, s).latestJson);

    expect(justClosed.waves).toEqual([expect.objectContaining({ id: 'w1', status: 'closed', responses: 5 })]);
    expect(justClosed.cells).toEqual([]);
    expect(settled.cells.length).toBeGreaterThan(0);
  });

  it('writes nothing and reads no frozen wave when nothing changed', async () => {
    const { c } = await closedWave(5, () => [3, 3, 3]);
    const counting = countingStore(ctx.stack.deps.objects);
    const deps = { ...ctx.stack.deps, objects: counting.store };
    await runAggregation(deps);
    counting.reset();

    const again = await runAggregation(deps);

    expect(mine(again, c)).toMatchObject({ status: 'unchanged', computed: [], reused: ['w1'], written: [] });
    expect(counting.puts).toEqual([]);
  });

  it('reads the audit record of a wave published under older rules only until it is audited again', async () => {
    const { c, s } = await closedWave(5, () => [4, 4, 4]);
    await ctx.stack.runJob();
    // As published before the disclosure audit existed: the same figures, no audit version.
    const frozenKey = publicationKey(c, s, 'w1');
    const { audit: _, ...older } = (await getJson(frozenKey)) as FrozenPublication;
    await ctx.stack.deps.objects.put(
      frozenKey,
      new TextEncoder().encode(JSON.stringify(older)),
      'application/json',
    );
    const counting = countingStore(ctx.stack.deps.objects);
    const deps = { ...ctx.stack.deps, objects: counting.store };
    const auditKey = publishedAuditKey(c, s, 'w1');

    const auditing = await runAggregation(deps);
    const auditRead = counting.gets.filter((key) => key === auditKey);
    const auditWritten = counting.puts.filter((key) => key === auditKey);
    counting.reset();
    const later = await runAggregation(deps);

    expect(mine(auditing, c)).toMatchObject({ reused: ['w1'], unsafePublished: [] });
    expect(auditRead).toEqual([auditKey]);
    expect(auditWritten).toEqual([auditKey]);
    expect(await getJson(auditKey)).toMatchObject({ version: AUDIT_VERSION, unsafe: 0, mismatched: 0 });
    // The job remembers the audit in its state: no read of the record, and nothing written.
    expect(mine(later, c)).toMatchObject({
      status: 'unchanged',
      computed: [],
      reused: ['w1'],
      unsafePublished: [],
    });
    expect(counting.gets.filter((key) => key.includes(`/${c}/`) && key.endsWith('.audit.json'))).toEqual([]);
    expect(counting.puts).toEqual([]);
  });

  it('leaves the previous snapshot intact when S3 fails part-way, and converges on the next run', async () => {
    const setup = await closedWave(5, () => [2, 2, 2]);
    const keys = snapshotKeys(setup.c, setup.s);
    await ctx.stack.runJob();
    const before = await getJson(keys.latestJson);
    await ctx.api.post(`${setup.base}/waves`, { id: 'w2' }, { admin: true });
    await respond(setup.tokens, () => [5, 5, 5]);
    await closeAndSettle(ctx.stack, ctx.api, setup.c, setup.s, 'w2');
    const failing = countingStore(ctx.stack.deps.objects, (key) => key.endsWith('latest.csv'));

    const logError = vi.fn();

    const failed = await runAggregation({ ...ctx.stack.deps, objects: failing.store, logError });

    expect(mine(failed, setup.c)?.status).toBe('failed');
    expect(logError).toHaveBeenCalledWith('survey aggregation failed', expect.any(Error), {
      collaborationId: setup.c,
      surveyId: setup.s,
    });
    expect(failing.puts.some((k) => k.includes('/history/'))).toBe(true);
    // latest.json was written before the failure, but the Parquet table and manifest were not:
    // the next run must still publish, because the job did not record success.
    const next = await ctx.stack.runJob();
    expect(mine(next, setup.c)?.status).toBe('published');
    const after = await getJson(keys.latestJson);
    expect(after.waves.map((w: { id: string }) => w.id)).toEqual(['w1', 'w2']);
    expect(after.generatedAt > before.generatedAt).toBe(true);
    const manifest = await getJson('snapshots/v1/manifest.json');
    const csvEntry = manifest.objects.find((o: { key: string }) => o.key === keys.latestCsv);
    expect(csvEntry.sha256).toBe(sha256Hex((await getObject(keys.latestCsv)) as Buffer));
  });

  // Contract change (DESIGN rule 9, issue 7): a new minGroupSize used to be applied to closed waves;
  // now a published wave keeps its figures and the new threshold reaches only later waves.
  it('keeps a published wave unchanged when minGroupSize changes, without reading its responses again', async () => {
    const { c, s } = await closedWave(6, () => [4, 4, 4]);
    await ctx.stack.runJob();
    const before = await getJson(snapshotKeys(c, s).latestJson);
    await ctx.api.put(`/admin/collaborations/${c}`, collaborationDocument({ minGroupSize: 10 }), {
      admin: true,
    });

    const summary = await ctx.stack.runJob();

    expect(mine(summary, c)).toMatchObject({ status: 'published', computed: [], reused: ['w1'] });
    const latest = await getJson(snapshotKeys(c, s).latestJson);
    expect(latest.minGroupSize).toBe(10);
    expect(latest.cells).toEqual(before.cells);
    expect(latest.cells.some((x: { suppressed: boolean }) => !x.suppressed)).toBe(true);
  });

  it('starts no survey after its deadline, leaving them to the next run', async () => {
    const { c } = await closedWave(5, () => [4, 4, 4]);

    const summary = await runAggregation(ctx.stack.deps, {
      deadline: new Date(ctx.stack.clock.now().getTime() - 1),
    });

    expect(mine(summary, c)).toMatchObject({ status: 'skipped', written: [] });
    expect(summary.surveys.every((x) => x.status === 'skipped')).toBe(true);
  });

  it('opens a wave when the cadence says so, and closes it after closesAt', async () => {
    const c = uniqueId('c');
    await ctx.api.put(`/admin/collaborations/${c}`, collaborationDocument({ timeZone: 'UTC' }), {
      admin: true,
    });
    const opensAt = new Date(ctx.stack.clock.now().getTime() - 86_400_000).toISOString().slice(0, 19);
    await ctx.api.put(
      `/admin/collaborations/${c}/surveys/pulse`,
      surveyDocument({ cadence: { intervalDays: 30, waveLengthDays: 7, firstWaveOpensAt: opensAt } }),
      { admin: true },
    );

    const first = await ctx.stack.runJob();
    ctx.stack.clock.advance(7 * 86_400_000);
    const later = await ctx.stack.runJob();

    const expectedId = opensAt.slice(0, 7);
    expect(mine(first, c)?.opened).toEqual([expectedId]);
    expect(mine(later, c)?.closed).toEqual([expectedId]);
  });
});

describe('what an alliance configures', () => {
  it('publishes the dimensions it chose, with its band thresholds', async () => {
    const c = uniqueId('c');
    const base = `/admin/collaborations/${c}/surveys/pulse`;
    await ctx.api.put(
      `/admin/collaborations/${c}`,
      collaborationDocument({ dimensions: ['sector'], bandThresholds: { strength: 4.5, borderline: 3.5 } }),
      { admin: true },
    );
    await ctx.api.put(base, surveyDocument(), { admin: true });
    await ctx.api.post(`${base}/waves`, { id: 'w1' }, { admin: true });
    const issued = await ctx.api.post(
      `${base}/links`,
      { partnerId: 'pcn', neighbourhoodId: 'north', count: 5 },
      { admin: true },
    );
    await respond(
      issued.json.links.map((l: { url: string }) => ({
        token: new URL(l.url).pathname.split('/').pop() as string,
      })),
      () => [4, 4, 4],
    );
    await closeAndSettle(ctx.stack, ctx.api, c, 'pulse', 'w1');

    await ctx.stack.runJob();

    const latest = await getJson(snapshotKeys(c, 'pulse').latestJson);
    expect([...new Set(latest.cells.map((x: { dimension: string }) => x.dimension))]).toEqual([
      'overall',
      'sector',
    ]);
    expect(latest.segments.map((x: { id: string }) => x.id)).toEqual([
      'local-authority',
      'primary-care',
      'vcse',
    ]);
    const sp1 = latest.cells.find(
      (x: { dimension: string; question: string }) => x.dimension === 'overall' && x.question === 'sp1',
    );
    expect(sp1).toMatchObject({ mean: 4, band: 'borderline' });
  });

  it('rejects unknown dimensions and inverted thresholds', async () => {
    const res = await ctx.api.put(
      `/admin/collaborations/${uniqueId('c')}`,
      collaborationDocument({ dimensions: ['partner'], bandThresholds: { strength: 3, borderline: 4 } }),
      { admin: true },
    );

    expect(res.status).toBe(422);
    expect(res.json.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'bandThresholds.borderline',
      'dimensions.0',
    ]);
  });
});

describe('support-team downloads', () => {
  it('serves the same cells as the snapshot as JSON and CSV, optionally for one wave', async () => {
    const { c, s, base } = await closedWave(6, (i) => [1 + (i % 5), 4, 4]);
    await ctx.stack.runJob();
    const latest = await getJson(snapshotKeys(c, s).latestJson);

    const json = await ctx.api.get(`${base}/aggregates`, { admin: true });
    const oneWave = await ctx.api.get(`${base}/aggregates?wave=w1&format=json`, { admin: true });
    const csv = await ctx.api.get(`${base}/aggregates?format=csv`, { admin: true });
    const badFormat = await ctx.api.get(`${base}/aggregates?format=xml`, { admin: true });
    const unknownWave = await ctx.api.get(`${base}/aggregates?wave=nope`, { admin: true });

    expect(json.json.cells).toEqual(latest.cells);
    expect(oneWave.json.cells).toEqual(latest.cells);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toBe((await getObject(snapshotKeys(c, s).latestCsv))?.toString('utf8'));
    expect(badFormat.status).toBe(422);
    expect(badFormat.json.issues).toEqual([{ path: 'format', message: 'Use format=json or format=csv' }]);
    expect(unknownWave.status).toBe(404);
  });

  it('shows comments of closed waves only where enough were written, without metadata', async () => {
    const setup = await setUpOpenSurvey(ctx.api, 10);
    for (const [i, { token }] of setup.tokens.entries()) {
      await ctx.api.put(`/api/s/${token}/response`, {
        answers: { sp1: 4, sp2: 4, tr1: 4 },
        comments: { 'sp-comment': `comment ${i}` },
      });
    }
    const whileOpen = await ctx.api.get(`${setup.base}/comments?wave=w1`, { admin: true });
    await ctx.api.post(`${setup.base}/waves/w1/close`, {}, { admin: true });
    // Like its cells, a wave's comments wait until late in-flight answers have landed (rule 4).
    const justClosed = await ctx.api.get(`${setup.base}/comments?wave=w1`, { admin: true });
    ctx.stack.clock.advance(6 * 60_000);

    const closed = await ctx.api.get(`${setup.base}/comments?wave=w1`, { admin: true });
    const missing = await ctx.api.get(`${setup.base}/comments`, { admin: true });

    expect(whileOpen.status).toBe(409);
    expect(justClosed.status).toBe(409);
    expect(justClosed.json.error).toContain('closed less than 5 minutes ago');
    expect(closed.status).toBe(200);
    expect(closed.json.characteristics).toHaveLength(1);
    const [purpose] = closed.json.characteristics;
    expect(purpose.id).toBe('shared-purpose');
    expect([...purpose.comments].sort()).toEqual(setup.tokens.map((_, i) => `comment ${i}`).sort());
    expect(missing.status).toBe(422);
    expect(missing.json.issues).toEqual([{ path: 'wave', message: 'Required: ?wave={waveId}' }]);
    const malformed = await ctx.api.get(`${setup.base}/comments?wave=..%2Fw1`, { admin: true });
    expect(malformed.status).toBe(422);
    expect(malformed.json.issues.map((i: { path: string }) => i.path)).toEqual(['wave']);
  });

  it('withholds comments below minCommentGroupSize', async () => {
    const setup = await setUpOpenSurvey(ctx.api, 3);
    for (const { token } of setup.tokens) {
      await ctx.api.put(`/api/s/${token}/response`, {
        answers: { sp1: 4, sp2: 4, tr1: 4 },
        comments: { 'sp-comment': 'x' },
      });
    }
    await closeAndSettle(ctx.stack, ctx.api, setup.c, setup.s, 'w1');

    const res = await ctx.api.get(`${setup.base}/comments?wave=w1`, { admin: true });

    expect(res.json.characteristics).toEqual([{ id: 'shared-purpose', comments: [], withheld: true }]);
  });

  it('runs the job on demand and says what it did', async () => {
    const { c } = await closedWave(5, () => [4, 4, 4]);

    const res = await ctx.api.post('/admin/aggregate', {}, { admin: true });

    expect(res.status).toBe(200);
    expect(res.json.surveys.find((x: { collaborationId: string }) => x.collaborationId === c)).toMatchObject({
      status: 'published',
    });
  });
});

/** Wraps an object store to record reads and writes and, optionally, fail some writes. */
const countingStore = (inner: ObjectStore, failOn?: (key: string) => boolean) => {
  const puts: string[] = [];
  const gets: string[] = [];
  const store: ObjectStore = {
    get: (key) => {
      gets.push(key);
      return inner.get(key);
    },
    list: (prefix) => inner.list(prefix),
    put: async (key, body, type) => {
      puts.push(key);
      if (failOn?.(key)) throw Object.assign(new Error('S3 is unavailable'), { name: 'ServiceUnavailable' });
      await inner.put(key, body, type);
    },
  };
  return {
    store,
    puts,
    gets,
    reset: () => {
      puts.splice(0);
      gets.splice(0);
    },
  };
};
