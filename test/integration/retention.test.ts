import { describe, expect, it } from 'vitest';
import { publicationKey } from '../../lib/app/compute-snapshot.js';
import { snapshotKeys } from '../../lib/app/snapshot-files.js';
import { purgeDueAt } from '../../lib/domain/retention.js';
import { type StoredWave, waveRef } from '../../lib/stores/ports.js';
import { signedInClient } from '../support/console-client.js';
import {
  closeAndSettle,
  collaborationDocument,
  surveyDocument,
  uniqueId,
  useTestStack,
} from '../support/stack.js';

/**
 * Retention over real HTTP against the local stack (DynamoDB and S3 emulators, no TTL there): a wave
 * past its retention loses its responses and comments at the job's next run, while its figures — the
 * aggregates, the report, the published snapshot files and the frozen publication — stay as they were.
 */
const ctx = useTestStack();

const decode = (bytes: Uint8Array | null) => (bytes ? new TextDecoder().decode(bytes) : null);
/** The report says when it was produced; nothing else in it may change. */
const withoutProduced = (html: string) => html.replace(/Produced [^<]*\./, 'Produced (time).');

describe('retention on the local stack', { timeout: 180_000 }, () => {
  it('deletes a frozen wave’s responses and comments once past retention, and no figure changes', async () => {
    const { api, stack } = ctx;
    const c = uniqueId('c');
    const s = 'pulse';
    const base = `/admin/collaborations/${c}/surveys/${s}`;
    expect(
      (
        await api.put(`/admin/collaborations/${c}`, collaborationDocument({ retentionMonths: 1 }), {
          admin: true,
        })
      ).status,
    ).toBe(200);
    expect((await api.put(base, surveyDocument(), { admin: true })).status).toBe(200);
    expect((await api.post(`${base}/waves`, { id: 'w1' }, { admin: true })).status).toBe(201);
    const issued = await api.post(
      `${base}/links`,
      { partnerId: 'pcn', neighbourhoodId: 'north', count: 12 },
      { admin: true },
    );
    const tokens = (issued.json.links as { url: string }[]).map((l) =>
      new URL(l.url).pathname.split('/').pop(),
    );
    for (const [i, token] of tokens.entries()) {
      const put = await api.put(`/api/s/${token}/response`, {
        answers: { sp1: (i % 5) + 1, sp2: 4, tr1: (i % 3) + 2 },
        comments: { 'sp-comment': `We met ${i} times` },
      });
      expect(put.status).toBe(200);
    }
    await closeAndSettle(stack, api, c, s, 'w1');
    expect((await api.post('/admin/aggregate', {}, { admin: true })).status).toBe(200);

    const objects = stack.deps.objects;
    const keys = snapshotKeys(c, s);
    const files = [keys.latestJson, keys.latestCsv, keys.report, publicationKey(c, s, 'w1')];
    const readFiles = async () => Promise.all(files.map(async (key) => decode(await objects.get(key))));
    const readFigures = async () => {
      const json = await api.get(`${base}/aggregates?format=json&wave=w1`, { admin: true });
      const csv = await api.get(`${base}/aggregates?format=csv`, { admin: true });
      const report = await api.get(`${base}/report?wave=w1`, { admin: true });
      expect([json.status, csv.status, report.status]).toEqual([200, 200, 200]);
      return {
        // Apart from when and how fast they were computed (the solver's milliseconds).
        json: { ...json.json, generatedAt: null, audit: { ...json.json.audit, solverMs: 0 } },
        csv: csv.text,
        report: withoutProduced(report.text),
      };
    };
    const wave = (await stack.deps.stores.waves.get(c, s, 'w1')) as StoredWave;
    const stored = async () => {
      let responses = 0;
      for await (const page of stack.deps.stores.responses.readWave(waveRef(c, s, wave)))
        responses += page.length;
      let comments = 0;
      for await (const page of stack.deps.stores.responses.readWaveComments(waveRef(c, s, wave)))
        comments += page.length;
      return { responses, comments };
    };
    const filesBefore = await readFiles();
    const figuresBefore = await readFigures();
    const storedBefore = await stored();
    const commentsBefore = await api.get(`${base}/comments?wave=w1`, { admin: true });

    // One month after closing: due under the collaboration's setting.
    stack.clock.advance(purgeDueAt(wave, 1).getTime() - stack.clock.now().getTime());
    const run = await api.post('/admin/aggregate', {}, { admin: true });
    const again = await api.post('/admin/aggregate', {}, { admin: true });

    expect(storedBefore).toEqual({ responses: 12, comments: 12 });
    expect(commentsBefore.json).toMatchObject({
      purged: false,
      minCommentGroupSize: 10,
      characteristics: [{ id: 'shared-purpose', withheld: false }],
    });
    expect(commentsBefore.json.characteristics[0].comments).toHaveLength(12);
    const mine = (r: typeof run) =>
      r.json.surveys.find((x: { collaborationId: string }) => x.collaborationId === c);
    expect(mine(run)).toMatchObject({
      status: 'unchanged',
      written: [],
      retention: { purged: ['w1'], responses: 12, pending: [] },
    });
    expect(mine(again).retention, 'nothing left to do').toMatchObject({
      purged: [],
      responses: 0,
    });
    expect(await stored()).toEqual({ responses: 0, comments: 0 });
    const comments = await api.get(`${base}/comments?wave=w1`, { admin: true });
    expect(comments.status).toBe(200);
    expect(comments.json).toEqual({ characteristics: [], purged: true });
    expect(await readFigures()).toEqual(figuresBefore);
    expect(await readFiles(), 'snapshot files and the frozen publication, byte for byte').toEqual(
      filesBefore,
    );
    expect(filesBefore.every((f) => f !== null)).toBe(true);
    const waves = await api.get(`${base}/waves`, { admin: true });
    expect(waves.json.waves[0]).toMatchObject({
      id: 'w1',
      status: 'closed',
      responses: 12,
      invited: 12,
      purgedAt: expect.any(String),
    });
    expect(Date.parse(waves.json.waves[0].purgedAt)).toBeGreaterThanOrEqual(purgeDueAt(wave, 1).getTime());
    const support = await signedInClient(stack.url);
    const wavePage = await support.get(`/console/collaborations/${c}/surveys/${s}/waves/w1`);
    const results = await support.get(`/console/collaborations/${c}/surveys/${s}/results?wave=w1`);
    expect(wavePage.status).toBe(200);
    expect(wavePage.text).toContain('Individual answers');
    expect(wavePage.text).toContain('the counts and figures are kept');
    expect(results.status).toBe(200);
    expect(results.text).toContain('comments and individual answers have been deleted');
    expect(results.text).not.toContain('We met');
  });
});
