import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../lib/domain/audit.js';
import { collaborationDocumentSchema } from '../../lib/domain/collaboration.js';
import type { CommentRecord, ResponseRecord } from '../../lib/domain/response.js';
import { surveyDocumentSchema } from '../../lib/domain/survey.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import type {
  AggregationStateStore,
  AuditTrail,
  LeaseStore,
  ObjectStore,
  StoredLink,
  StoredWave,
  Stores,
  WaveRef,
} from '../../lib/stores/ports.js';

/** Every port, as the job's composition root hands them out. */
export interface AllStores extends Stores {
  leases: LeaseStore;
  aggregationState: AggregationStateStore;
  objects: ObjectStore;
  audit: AuditTrail;
}

/**
 * The behaviour every adapter of lib/stores/ports.ts must have, run against the in-memory adapters
 * (test/unit/stores-memory.test.ts) and the DynamoDB/S3 ones on the emulators
 * (test/integration/stores-dynamodb.test.ts). Ids are unique per test, so a shared store is fine.
 */
export const storeContract = (adapter: string, stores: () => AllStores) => {
  const id = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
  const opaqueKey = () => randomBytes(32).toString('base64url');

  const collaboration = (collaborationId: string, name = 'Test Alliance') => ({
    id: collaborationId,
    ...collaborationDocumentSchema.parse({
      name,
      neighbourhoods: [{ id: 'north', name: 'North' }],
      partners: [{ id: 'pcn', name: 'North PCN', sector: 'primary-care' }],
    }),
  });
  const survey = (collaborationId: string, surveyId: string, title = 'Pulse') => ({
    id: surveyId,
    collaborationId,
    ...surveyDocumentSchema.parse({
      title,
      questions: [{ id: 'q1', characteristic: 'shared-purpose', text: 'We agree', type: 'likert5' }],
      cadence: { intervalDays: 91, waveLengthDays: 14, firstWaveOpensAt: '2030-01-07T09:00:00' },
    }),
  });
  const wave = (waveId: string, opensAt: string, overrides: Partial<StoredWave> = {}): StoredWave => ({
    id: waveId,
    opensAt,
    closesAt: '2031-01-01T00:00:00.000Z',
    status: 'open',
    shards: 4,
    ...overrides,
  });
  const waveRef = (shards = 4): WaveRef => ({
    collaborationId: id('c'),
    surveyId: 'pulse',
    waveId: 'w1',
    shards,
  });
  const response = (waveId: string, partnerId = 'pcn', answer: number | null = 4): ResponseRecord => ({
    waveId,
    partnerId,
    neighbourhoodId: 'north',
    sector: 'primary-care',
    day: '2030-01-08',
    answers: { q1: answer, q2: null },
  });
  const link = (collaborationId: string, surveyId: string, linkId: string): StoredLink => ({
    id: linkId,
    collaborationId,
    surveyId,
    partnerId: 'pcn',
    neighbourhoodId: 'north',
    createdAt: '2030-01-07T09:00:00.000Z',
    revoked: false,
    tokenHash: opaqueKey(),
  });
  const readAll = async <T>(pages: AsyncIterable<T[]>): Promise<T[]> => {
    const all: T[] = [];
    for await (const page of pages) all.push(...page);
    return all;
  };

  describe(`store contract: ${adapter}`, () => {
    describe('collaborations', () => {
      it('stores, replaces and reads back a collaboration; unknown ids are null', async () => {
        const { collaborations } = stores();
        const c = id('c');
        expect(await collaborations.get(c)).toBeNull();
        await collaborations.put(collaboration(c));
        expect(await collaborations.get(c)).toEqual(collaboration(c));
        await collaborations.put(collaboration(c, 'Renamed'));
        expect((await collaborations.get(c))?.name).toBe('Renamed');
      });

      it('lists every collaboration by id, with its name', async () => {
        const { collaborations } = stores();
        const [b, a] = [id('cb'), id('ca')];
        await collaborations.put(collaboration(b, 'Bravo'));
        await collaborations.put(collaboration(a, 'Alpha'));
        await collaborations.put(collaboration(a, 'Alpha renamed'));
        const listed = (await collaborations.list()).filter((x) => x.id === a || x.id === b);
        expect(listed).toEqual([
          { id: a, name: 'Alpha renamed' },
          { id: b, name: 'Bravo' },
        ]);
      });

      it('hands out copies: changing what was read changes nothing stored', async () => {
        const { collaborations } = stores();
        const c = id('c');
        await collaborations.put(collaboration(c));
        const read = await collaborations.get(c);
        read?.partners.push({ id: 'extra', name: 'Extra', sector: 'vcse' });
        expect(await collaborations.get(c)).toEqual(collaboration(c));
      });
    });

    describe('surveys', () => {
      it('stores and replaces surveys, lists those of one collaboration and all of them', async () => {
        const { surveys } = stores();
        const [c, other] = [id('c'), id('c')];
        expect(await surveys.get(c, 'pulse')).toBeNull();
        await surveys.put(survey(c, 'pulse'));
        await surveys.put(survey(c, 'annual'));
        await surveys.put(survey(other, 'pulse'));
        await surveys.put(survey(c, 'pulse', 'Renamed'));
        expect((await surveys.get(c, 'pulse'))?.title).toBe('Renamed');
        expect((await surveys.listFor(c)).map((s) => s.id).sort()).toEqual(['annual', 'pulse']);
        const all = await surveys.listAll();
        expect(all).toEqual(
          expect.arrayContaining([
            { collaborationId: c, surveyId: 'pulse' },
            { collaborationId: c, surveyId: 'annual' },
            { collaborationId: other, surveyId: 'pulse' },
          ]),
        );
        expect(all.filter((s) => s.collaborationId === c)).toHaveLength(2);
      });
    });

    describe('waves', () => {
      it('creates waves once, lists them by opening time, then id', async () => {
        const { waves } = stores();
        const c = id('c');
        await waves.create(c, 'pulse', wave('b', '2030-02-01T00:00:00.000Z'));
        await waves.create(c, 'pulse', wave('z', '2030-01-01T00:00:00.000Z'));
        await waves.create(c, 'pulse', wave('a', '2030-02-01T00:00:00.000Z'));
        await expect(waves.create(c, 'pulse', wave('a', '2030-03-01T00:00:00.000Z'))).rejects.toThrow(
          ConflictError,
        );
        expect((await waves.list(c, 'pulse')).map((w) => w.id)).toEqual(['z', 'a', 'b']);
        expect(await waves.list(c, 'other')).toEqual([]);
        expect(await waves.get(c, 'pulse', 'a')).toEqual(wave('a', '2030-02-01T00:00:00.000Z'));
        expect(await waves.get(c, 'pulse', 'missing')).toBeNull();
      });

      it('updates an existing wave only', async () => {
        const { waves } = stores();
        const c = id('c');
        const w = wave('w1', '2030-01-01T00:00:00.000Z');
        await waves.create(c, 'pulse', w);
        const closed = { ...w, status: 'closed' as const, closesAt: '2030-01-02T00:00:00.000Z' };
        await waves.update(c, 'pulse', closed);
        expect(await waves.get(c, 'pulse', 'w1')).toEqual(closed);
        await expect(waves.update(c, 'pulse', wave('w2', '2030-01-01T00:00:00.000Z'))).rejects.toThrow(
          ConflictError,
        );
        expect(await waves.get(c, 'pulse', 'w2')).toBeNull();
      });

      it('keeps retention marks once each, beside a later update', async () => {
        const { waves } = stores();
        const c = id('c');
        const w = wave('w1', '2030-01-01T00:00:00.000Z', { status: 'closed' });
        await waves.create(c, 'pulse', w);
        await waves.keep(c, 'pulse', 'w1', { expiryStamp: '2040-02-01T00:00:00.000Z' });
        await waves.keep(c, 'pulse', 'w1', {
          expiryStamp: '2050-01-01T00:00:00.000Z',
          purgeStartedAt: '2031-01-01T00:00:00.000Z',
        });
        await waves.update(c, 'pulse', w);
        await waves.keep(c, 'pulse', 'w1', { purgedAt: '2031-01-01T01:00:00.000Z' });

        expect(await waves.get(c, 'pulse', 'w1')).toEqual({
          ...w,
          expiryStamp: '2040-02-01T00:00:00.000Z',
          purgeStartedAt: '2031-01-01T00:00:00.000Z',
          purgedAt: '2031-01-01T01:00:00.000Z',
        });
        await expect(
          waves.keep(c, 'pulse', 'gone', { purgedAt: '2031-01-01T00:00:00.000Z' }),
        ).rejects.toThrow(ConflictError);
      });
    });

    describe('links', () => {
      it('finds a link by its token hash and lists a survey’s links without hashes', async () => {
        const { links } = stores();
        const c = id('c');
        const mine = [link(c, 'pulse', 'l1'), link(c, 'pulse', 'l2')];
        await links.createMany([...mine, link(c, 'other', 'l3')]);
        expect(await links.findByTokenHash(mine[0]?.tokenHash ?? '')).toEqual(mine[0]);
        expect(await links.findByTokenHash(opaqueKey())).toBeNull();
        const listed = await links.list(c, 'pulse');
        expect(listed.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
          mine.map(({ tokenHash: _, ...rest }) => rest),
        );
        expect(listed.every((l) => !('tokenHash' in l))).toBe(true);
      });

      it('revokes the live links of a survey that match a filter, counting each once', async () => {
        const { links } = stores();
        const c = id('c');
        const at = (linkId: string, partnerId: string, neighbourhoodId: string) => ({
          ...link(c, 'pulse', linkId),
          partnerId,
          neighbourhoodId,
        });
        await links.createMany([
          at('l1', 'pcn', 'north'),
          at('l2', 'pcn', 'south'),
          at('l3', 'council', 'north'),
          at('l4', 'pcn', 'north'),
          { ...link(c, 'other', 'l5'), partnerId: 'pcn' },
        ]);
        await links.revoke(c, 'pulse', 'l4', new Date());
        const revoked = (survey: string) =>
          links.list(c, survey).then((ls) =>
            ls
              .filter((l) => l.revoked)
              .map((l) => l.id)
              .sort(),
          );

        expect(
          await links.revokeWhere(c, 'pulse', { partnerId: 'pcn', neighbourhoodId: 'north' }, new Date()),
        ).toBe(1);
        expect(await revoked('pulse')).toEqual(['l1', 'l4']);
        expect(await links.revokeWhere(c, 'pulse', { partnerId: 'pcn' }, new Date())).toBe(1);
        expect(await links.revokeWhere(c, 'pulse', {}, new Date())).toBe(1);
        expect(await revoked('pulse')).toEqual(['l1', 'l2', 'l3', 'l4']);
        expect(await links.revokeWhere(c, 'pulse', {}, new Date())).toBe(0);
        expect(await revoked('other')).toEqual([]);
      });

      it('shows the links it is about to revoke before changing any; a refusal revokes none', async () => {
        const { links } = stores();
        const c = id('c');
        await links.createMany([
          link(c, 'pulse', 'l1'),
          { ...link(c, 'pulse', 'l2'), partnerId: 'council' },
          link(c, 'pulse', 'l3'),
        ]);
        await links.revoke(c, 'pulse', 'l3', new Date());
        const live = async () => (await links.list(c, 'pulse')).filter((l) => !l.revoked).map((l) => l.id);

        await expect(
          links.revokeWhere(c, 'pulse', {}, new Date(), async () => {
            throw new Error('the audit trail is unavailable');
          }),
        ).rejects.toThrow('the audit trail is unavailable');
        expect(await live()).toEqual(['l1', 'l2']);

        const seen: { ids: string[]; liveThen: string[]; secrets: boolean }[] = [];
        const revoked = await links.revokeWhere(
          c,
          'pulse',
          { partnerId: 'pcn' },
          new Date(),
          async (matching) => {
            seen.push({
              ids: matching.map((l) => l.id),
              liveThen: await live(),
              secrets: matching.some((l) => 'tokenHash' in l),
            });
          },
        );

        expect(revoked).toBe(1);
        expect(seen).toEqual([{ ids: ['l1'], liveThen: ['l1', 'l2'], secrets: false }]);
        expect(await live()).toEqual(['l2']);
      });

      it('revokes a link of the survey; an unknown link is NotFound', async () => {
        const { links } = stores();
        const c = id('c');
        const l = link(c, 'pulse', 'l1');
        await links.createMany([l, link(c, 'other', 'l2')]);
        const { tokenHash: _hash, ...listed } = l;
        expect(await links.revoke(c, 'pulse', 'l1', new Date())).toMatchObject({ ...listed, revoked: true });
        expect((await links.findByTokenHash(l.tokenHash))?.revoked).toBe(true);
        await expect(links.revoke(c, 'pulse', 'l2', new Date())).rejects.toThrow(NotFoundError);
        expect((await links.list(c, 'other'))[0]?.revoked).toBe(false);
      });
    });

    describe('responses', () => {
      it('stores a submission whole and replaces it whole: response, edit-key hash and comments', async () => {
        const { responses } = stores();
        const w = waveRef();
        const keys = { responseKey: opaqueKey(), commentKey: opaqueKey(), lockKey: opaqueKey() };
        const comment = (text: string): CommentRecord => ({
          waveId: 'w1',
          questionId: 'c1',
          characteristic: 'shared-purpose',
          text,
        });
        expect(await responses.getResponse(w, keys.responseKey)).toBeNull();
        await responses.putSubmission(w, {
          ...keys,
          response: response('w1', 'pcn', 2),
          editKeyHash: 'hash-1',
          comments: [comment('first')],
        });
        const first = await responses.getComments(w, keys.commentKey);
        await responses.putSubmission(w, {
          ...keys,
          response: response('w1', 'pcn', 5),
          editKeyHash: 'hash-2',
          comments: [],
        });

        expect(first).toEqual([comment('first')]);
        expect(await responses.getResponse(w, keys.responseKey)).toEqual({
          response: response('w1', 'pcn', 5),
          editKeyHash: 'hash-2',
        });
        expect(await responses.getComments(w, keys.commentKey), 'no comments this time').toEqual([]);
        expect(await responses.getResponse({ ...w, waveId: 'w2' }, keys.responseKey)).toBeNull();
        expect(await readAll(responses.readWave(w))).toHaveLength(1);
      });

      it('reads and counts a whole wave across its shards, and no other wave', async () => {
        const { responses } = stores();
        const w = waveRef(16);
        const entries = Array.from({ length: 60 }, (_, i) => ({
          responseKey: opaqueKey(),
          response: response('w1', i % 3 === 0 ? 'council' : 'pcn', (i % 5) + 1),
          editKeyHash: `hash-${i}`,
        }));
        await responses.putResponses(w, entries);
        await responses.putResponses({ ...w, waveId: 'w2' }, [
          { responseKey: opaqueKey(), response: response('w2'), editKeyHash: 'other' },
        ]);
        // A batch entry replaces what is under its key, as a single put does.
        await responses.putResponses(w, [
          { ...(entries[0] as (typeof entries)[number]), editKeyHash: 'again' },
        ]);
        const read = await readAll(responses.readWave(w));
        const sortKey = (r: ResponseRecord) => `${r.partnerId}${r.answers.q1}`;
        expect(read.map(sortKey).sort()).toEqual(entries.map((e) => sortKey(e.response)).sort());
        expect(read.every((r) => r.waveId === 'w1' && !('editKeyHash' in r))).toBe(true);
        expect((await responses.countWave(w)).sort((a, b) => a.partnerId.localeCompare(b.partnerId))).toEqual(
          [
            { partnerId: 'council', neighbourhoodId: 'north', count: 20 },
            { partnerId: 'pcn', neighbourhoodId: 'north', count: 40 },
          ],
        );
        expect(await responses.countWave({ ...w, waveId: 'w3' })).toEqual([]);
        expect(await readAll(responses.readWave({ ...w, waveId: 'w3' }))).toEqual([]);
      });

      it('replaces comments under their key, deletes them when empty, and reads a wave’s comments', async () => {
        const { responses } = stores();
        const w = waveRef();
        const comment = (text: string): CommentRecord => ({
          waveId: 'w1',
          questionId: 'c1',
          characteristic: 'shared-purpose',
          text,
        });
        const [k1, k2] = [opaqueKey(), opaqueKey()];
        expect(await responses.getComments(w, k1)).toEqual([]);
        await responses.putComments(w, k1, [comment('first')]);
        await responses.putComments(w, k1, [comment('second'), comment('third')]);
        await responses.putComments(w, k2, [comment('other')]);
        expect(await responses.getComments(w, k1)).toEqual([comment('second'), comment('third')]);
        expect((await readAll(responses.readWaveComments(w))).map((c) => c.text).sort()).toEqual([
          'other',
          'second',
          'third',
        ]);
        await responses.putComments(w, k1, []);
        expect(await responses.getComments(w, k1)).toEqual([]);
        expect(await readAll(responses.readWaveComments(w))).toEqual([comment('other')]);
      });

      /** A wave of `n` responses, each with one comment, and one response in another wave. */
      const filledWave = async (n: number) => {
        const { responses } = stores();
        const w = waveRef(16);
        await responses.putResponses(
          w,
          Array.from({ length: n }, (_, i) => ({
            responseKey: opaqueKey(),
            response: response('w1', 'pcn', (i % 5) + 1),
            editKeyHash: `hash-${i}`,
          })),
        );
        for (let i = 0; i < n; i++) {
          await responses.putComments(w, opaqueKey(), [
            { waveId: 'w1', questionId: 'c1', characteristic: 'shared-purpose', text: `comment ${i}` },
          ]);
        }
        const other = { ...w, waveId: 'w2' };
        await responses.putResponses(other, [
          { responseKey: opaqueKey(), response: response('w2'), editKeyHash: 'other' },
        ]);
        return { responses, w, other };
      };

      it('stamps a wave’s items with an expiry a bounded batch at a time, resuming, and changes nothing else', async () => {
        const { responses, w, other } = await filledWave(30);
        const before = await readAll(responses.readWave(w));
        const at = new Date('2041-02-07T09:00:00.000Z');

        const first = await responses.stampExpiry(w, at, 40);
        const second = await responses.stampExpiry(w, at, 40);
        const again = await responses.stampExpiry(w, at, 40);

        expect(first).toEqual({ stamped: 40, done: false });
        expect(second).toEqual({ stamped: 20, done: true });
        expect(again, 'idempotent').toEqual({ stamped: 0, done: true });
        expect(await readAll(responses.readWave(w))).toEqual(expect.arrayContaining(before));
        expect(await readAll(responses.readWaveComments(w))).toHaveLength(30);
        expect(await responses.stampExpiry(other, at, 40)).toEqual({ stamped: 1, done: true });
      });

      it('deletes a wave’s responses and comments a bounded batch at a time, and no other wave’s', async () => {
        const { responses, w, other } = await filledWave(30);

        const none = await responses.deleteWave(w, 0);
        const first = await responses.deleteWave(w, 45);
        const second = await responses.deleteWave(w, 45);
        const again = await responses.deleteWave(w, 45);

        expect(none, 'a batch of 0 deletes nothing').toEqual({ responses: 0, comments: 0, done: false });
        expect(first.responses + first.comments).toBe(45);
        expect(first.done).toBe(false);
        expect(first.responses + first.comments + second.responses + second.comments).toBe(60);
        expect(first.responses + second.responses).toBe(30);
        expect(second.done).toBe(true);
        expect(again, 'idempotent').toEqual({ responses: 0, comments: 0, done: true });
        expect(await readAll(responses.readWave(w))).toEqual([]);
        expect(await readAll(responses.readWaveComments(w))).toEqual([]);
        expect(await responses.countWave(w)).toEqual([]);
        expect(await readAll(responses.readWave(other))).toHaveLength(1);
      });
    });

    describe('leases', () => {
      it('is held by one owner until released or expired', async () => {
        const { leases } = stores();
        const name = id('lease');
        const t0 = new Date('2030-01-01T00:00:00Z');
        const at = (ms: number) => new Date(t0.getTime() + ms);
        expect(await leases.acquire(name, 'a', 60_000, t0)).toBe(true);
        expect(await leases.acquire(name, 'b', 60_000, at(1_000))).toBe(false);
        expect(await leases.acquire(name, 'a', 60_000, at(2_000)), 'the holder may renew').toBe(true);
        await leases.release(name, 'b');
        expect(await leases.acquire(name, 'b', 60_000, at(3_000)), 'only the holder releases').toBe(false);
        await leases.release(name, 'a');
        expect(await leases.acquire(name, 'b', 60_000, at(4_000))).toBe(true);
        expect(await leases.acquire(name, 'a', 60_000, at(64_001)), 'an expired lease is free').toBe(true);
      });
    });

    describe('aggregation state', () => {
      it('remembers the last state per survey', async () => {
        const { aggregationState } = stores();
        const c = id('c');
        expect(await aggregationState.get(c, 'pulse')).toBeNull();
        const state = {
          contentHash: 'abc',
          waves: { w1: { published: true as const, responses: 12 } },
        };
        await aggregationState.put(c, 'pulse', state);
        await aggregationState.put(c, 'other', { contentHash: null, waves: {} });
        expect(await aggregationState.get(c, 'pulse')).toEqual(state);
      });
    });

    describe('audit trail', () => {
      it('lists the events of a time range oldest first, a page at a time', async () => {
        const { audit } = stores();
        // A day of its own, far from other tests' events (ids are unique the same way).
        const day = Date.parse('2040-01-01T00:00:00Z') + randomBytes(2).readUInt16BE(0) * 86_400_000;
        const event = (seconds: number): AuditEvent => ({
          id: id('e'),
          at: new Date(day + seconds * 1000).toISOString(),
          actor: { username: 'local admin', sub: null },
          action: 'wave.close',
          target: { collaborationId: 'c', surveyId: 'pulse', waveId: 'w1' },
          details: { seconds },
          requestId: id('r'),
        });
        const [e1, e2, e3, e4] = [event(1), event(2), event(3), event(10)];
        for (const e of [e3, e1, e4, e2]) await audit.append(e);
        const range = { from: new Date(day), to: new Date(day + 5_000) };

        const first = await audit.list({ ...range, limit: 2 });
        const second = await audit.list({ ...range, limit: 2, after: first.next ?? undefined });
        const whole = await audit.list({ from: new Date(day), to: new Date(day + 60_000), limit: 10 });

        expect(first.events).toEqual([e1, e2]);
        expect(first.next).not.toBeNull();
        expect(second).toEqual({ events: [e3], next: null });
        expect(whole).toEqual({ events: [e1, e2, e3, e4], next: null });
      });
    });

    describe('objects', () => {
      it('stores whole objects by key and replaces them; missing keys are null', async () => {
        const { objects } = stores();
        const key = `contract/${id('o')}/latest.json`;
        expect(await objects.get(key)).toBeNull();
        await objects.put(key, new TextEncoder().encode('{"v":1}'), 'application/json');
        await objects.put(key, new TextEncoder().encode('{"v":2}'), 'application/json');
        expect(new TextDecoder().decode((await objects.get(key)) ?? undefined)).toBe('{"v":2}');
      });

      it('lists every key under a prefix, in key order', async () => {
        const { objects } = stores();
        const prefix = `contract/${id('l')}/`;
        const keys = [`${prefix}b.json`, `${prefix}a/2.json`, `${prefix}a/1.json`, `${prefix}c`];
        for (const key of keys) await objects.put(key, new Uint8Array([1]), 'application/octet-stream');
        await objects.put(`${prefix.slice(0, -1)}-other/x`, new Uint8Array([1]), 'application/octet-stream');

        expect(await objects.list(prefix)).toEqual([...keys].sort());
        expect(await objects.list(`${prefix}a/`)).toEqual([`${prefix}a/1.json`, `${prefix}a/2.json`]);
        expect(await objects.list(`contract/${id('none')}/`)).toEqual([]);
      });
    });
  });
};
