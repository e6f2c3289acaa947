import { describe, expect, it, vi } from 'vitest';
import { publicationKey } from '../../lib/app/compute-snapshot.js';
import type { JobDeps } from '../../lib/app/job-deps.js';
import { runAggregation, SURVEY_LEASE_MS, surveyLease } from '../../lib/app/run-aggregation.js';
import { MANIFEST_KEY, sha256Hex, snapshotKeys } from '../../lib/app/snapshot-files.js';
import type { LeaseStore, ObjectStore } from '../../lib/stores/ports.js';
import { setUpOpenSurvey, surveyDocument, useTestStack } from '../support/stack.js';

const ctx = useTestStack();
const text = (bytes: Uint8Array | null) => new TextDecoder().decode(bytes ?? new Uint8Array());
const utf8 = (s: string) => new TextEncoder().encode(s);

/** A survey with one settled closed wave of `n` respondents, published once. */
const publishedSurvey = async (n = 3) => {
  const setup = await setUpOpenSurvey(ctx.api, n);
  for (const { token } of setup.tokens) {
    await ctx.api.put(`/api/s/${token}/response`, { answers: { sp1: 4, sp2: 3, tr1: 5 } });
  }
  await ctx.api.post(`${setup.base}/waves/w1/close`, {}, { admin: true });
  const wave = await ctx.stack.deps.stores.waves.get(setup.c, setup.s, 'w1');
  await ctx.stack.deps.stores.waves.update(setup.c, setup.s, {
    ...wave!,
    closesAt: new Date(Date.now() - 10 * 60_000).toISOString(),
  });
  await ctx.stack.runJob();
  return setup;
};

const manifestEntries = async () =>
  JSON.parse(text(await ctx.stack.deps.objects.get(MANIFEST_KEY))).objects as {
    key: string;
    sha256: string;
    bytes: number;
    immutableKey?: string;
  }[];

const mine = (summary: Awaited<ReturnType<typeof runAggregation>>, c: string) =>
  summary.surveys.find((s) => s.collaborationId === c);

/** Whether every entry's checksum matches the bytes behind `key` (and behind its immutable copy). */
const mismatches = async (via: 'key' | 'immutableKey') => {
  const bad: string[] = [];
  for (const entry of await manifestEntries()) {
    const key = via === 'key' ? entry.key : entry.immutableKey;
    const bytes = key ? await ctx.stack.deps.objects.get(key) : null;
    if (!bytes || sha256Hex(bytes) !== entry.sha256) bad.push(entry.key);
  }
  return bad;
};

describe('crash recovery (issue 10, defect 3)', () => {
  it('lets the next run take over a crashed run’s survey within a minute, not ten', async () => {
    const { c, s } = await setUpOpenSurvey(ctx.api, 1);
    const crashedAt = new Date();
    await ctx.stack.deps.leases.acquire(surveyLease(c, s), 'crashed-run', SURVEY_LEASE_MS, crashedAt);
    const soon = new Date(crashedAt.getTime() + SURVEY_LEASE_MS + 1_000);

    const blocked = await runAggregation({ ...ctx.stack.deps, now: () => crashedAt });
    const next = await runAggregation({ ...ctx.stack.deps, now: () => soon });

    expect(SURVEY_LEASE_MS).toBeLessThanOrEqual(60_000);
    expect(mine(blocked, c)?.status).toBe('busy');
    expect(mine(next, c)?.status).not.toBe('busy');
  });

  it('renews the lease while a slow run lives, so no other run takes the survey from it', async () => {
    const { c, s } = await publishedSurvey();
    await ctx.api.put(`/admin/collaborations/${c}/surveys/${s}`, surveyDocument({ title: 'Renamed' }), {
      admin: true,
    });
    const leaseMs = 300;
    const lease = surveyLease(c, s);
    // Every time a run took or renewed this survey's lease, and whose it was.
    const owners: string[] = [];
    let clockMoved = false;
    let renewedAfterMove!: () => void;
    const renewalAfterMove = new Promise<void>((resolve) => {
      renewedAfterMove = resolve;
    });
    const leases: LeaseStore = {
      acquire: async (name, owner, ttl, now) => {
        const sentAfterMove = clockMoved;
        const held = await ctx.stack.deps.leases.acquire(name, owner, ttl, now);
        if (held && name === lease) {
          owners.push(owner);
          if (sentAfterMove) renewedAfterMove();
        }
        return held;
      },
      release: (name, owner) => ctx.stack.deps.leases.release(name, owner),
    };
    // The run's first write waits while its first lease lapses: the stack's clock moves past that
    // lease's end, then a heartbeat sent after the move lands. A rival arriving then must be turned
    // away. (Without a heartbeat the run never ends, and the test times out.)
    let rival: Promise<boolean> | undefined;
    const slow: ObjectStore = {
      ...ctx.stack.deps.objects,
      get: (key) => ctx.stack.deps.objects.get(key),
      list: (prefix) => ctx.stack.deps.objects.list(prefix),
      put: async (key, body, type) => {
        if (owners.length > 0) {
          rival ??= (async () => {
            ctx.stack.clock.advance(leaseMs + 1);
            clockMoved = true;
            await renewalAfterMove;
            return ctx.stack.deps.leases.acquire(lease, 'rival', leaseMs, ctx.stack.clock.now());
          })();
          await rival;
        }
        await ctx.stack.deps.objects.put(key, body, type);
      },
    };

    const summary = await runAggregation({ ...ctx.stack.deps, leases, objects: slow }, { leaseMs });

    expect(mine(summary, c)?.status).not.toBe('failed');
    expect(new Set(owners).size).toBe(1);
    expect(await rival).toBe(false);
  });

  it('rebuilds a corrupt manifest from the bucket listing, keeping every other survey', async () => {
    const first = await publishedSurvey();
    const second = await publishedSurvey();
    const before = await manifestEntries();
    await ctx.stack.deps.objects.put(MANIFEST_KEY, utf8('{"objects": [tru'), 'application/json');
    await ctx.api.put(
      `/admin/collaborations/${second.c}/surveys/${second.s}`,
      surveyDocument({ title: 'Renamed' }),
      { admin: true },
    );
    const logError = vi.fn();

    const summary = await runAggregation({ ...ctx.stack.deps, logError });

    expect(mine(summary, second.c)?.status).toBe('published');
    expect(logError).toHaveBeenCalledWith(expect.stringContaining('manifest unreadable'), expect.anything());
    const after = await manifestEntries();
    expect(after.map((e) => e.key)).toEqual(expect.arrayContaining(before.map((e) => e.key)));
    expect(after.map((e) => e.key)).toContain(snapshotKeys(first.c, first.s).latestJson);
    expect(await mismatches('key')).toEqual([]);
    expect(await mismatches('immutableKey')).toEqual([]);
    // The next run has nothing to do: no failed attempt left a stream of history copies behind.
    const again = await runAggregation(ctx.stack.deps);
    expect(mine(again, second.c)?.status).toBe('unchanged');
  });

  it('rebuilds a missing manifest with every current object, not only this run’s', async () => {
    const first = await publishedSurvey();
    const second = await publishedSurvey();
    const before = await manifestEntries();
    await ctx.api.put(
      `/admin/collaborations/${second.c}/surveys/${second.s}`,
      surveyDocument({ title: 'Renamed' }),
      { admin: true },
    );
    let hidden = true;
    const missing: ObjectStore = {
      get: async (key) => (key === MANIFEST_KEY && hidden ? null : ctx.stack.deps.objects.get(key)),
      put: async (key, body, type) => {
        if (key === MANIFEST_KEY) hidden = false;
        await ctx.stack.deps.objects.put(key, body, type);
      },
      list: (prefix) => ctx.stack.deps.objects.list(prefix),
    };

    await runAggregation({ ...ctx.stack.deps, objects: missing });

    const after = (await manifestEntries()).map((e) => e.key);
    expect(after).toEqual(expect.arrayContaining(before.map((e) => e.key)));
    expect(after).toContain(snapshotKeys(first.c, first.s).latestCsv);
    expect(await mismatches('key')).toEqual([]);
  });

  it('keeps the manifest consistent through a crash mid-publication: its immutable keys never change', async () => {
    const { c, s } = await publishedSurvey();
    await ctx.api.put(`/admin/collaborations/${c}/surveys/${s}`, surveyDocument({ title: 'Renamed' }), {
      admin: true,
    });
    const crashing: ObjectStore = {
      ...ctx.stack.deps.objects,
      get: (key) => ctx.stack.deps.objects.get(key),
      list: (prefix) => ctx.stack.deps.objects.list(prefix),
      put: async (key, body, type) => {
        if (key.endsWith('latest.csv')) throw new Error('killed');
        await ctx.stack.deps.objects.put(key, body, type);
      },
    };

    const crashed = await runAggregation({ ...ctx.stack.deps, objects: crashing, logError: () => {} });

    expect(mine(crashed, c)?.status).toBe('failed');
    // latest.json is already the new one, the manifest still the old: only its immutable keys agree.
    expect(await mismatches('key')).toContain(snapshotKeys(c, s).latestJson);
    expect(await mismatches('immutableKey')).toEqual([]);
    const recovered = await runAggregation(ctx.stack.deps);
    expect(mine(recovered, c)?.status).toBe('published');
    expect(await mismatches('key')).toEqual([]);
    expect(await mismatches('immutableKey')).toEqual([]);
  });

  // Since issue 7 a settled wave is frozen as its publication record (not its sums): a corrupt record
  // is what this recovers from now.
  it('recomputes a corrupt frozen wave from its responses, and the aggregates still answer', async () => {
    const { c, s, base } = await publishedSurvey(5);
    await ctx.stack.deps.objects.put(publicationKey(c, s, 'w1'), utf8('{"waveId": 7'), 'application/json');
    await ctx.api.put(`/admin/collaborations/${c}/surveys/${s}`, surveyDocument({ title: 'Renamed' }), {
      admin: true,
    });
    const logError = vi.fn();
    const deps: JobDeps = { ...ctx.stack.deps, logError };

    // The job first: a download would also republish (and repair) the record before it.
    const summary = await runAggregation(deps);
    const aggregates = await ctx.api.get(`${base}/aggregates`, { admin: true });

    expect(aggregates.status).toBe(200);
    expect(mine(summary, c)).toMatchObject({ status: 'published', computed: ['w1'] });
    expect(logError).toHaveBeenCalledWith(
      expect.stringContaining('frozen wave publication unreadable'),
      expect.any(Error),
      expect.objectContaining({ waveId: 'w1' }),
    );
    const latest = JSON.parse(text(await ctx.stack.deps.objects.get(snapshotKeys(c, s).latestJson)));
    expect(
      latest.cells.find(
        (cell: { dimension: string; question: string | null }) =>
          cell.dimension === 'overall' && cell.question === 'sp1',
      )?.n,
    ).toBe(5);
  });
});
