import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AggregationConfig,
  type Cell,
  cellSchema,
  coordinatesKey,
  createWaveAccumulator,
  type RawCell,
  waveSpecFor,
} from '../../../lib/domain/aggregation/index.js';
import { SECTORS, type Sector } from '../../../lib/domain/collaboration.js';
import type { ResponseRecord } from '../../../lib/domain/response.js';
import { accumulateWave, aggregate, suppressCells } from '../../support/aggregate.js';

interface Scenario {
  config: AggregationConfig;
  waves: ResponseRecord[][];
}

/** A random collaboration, survey and up to three closed waves of responses. */
const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
  .record({
    minGroupSize: fc.integer({ min: 2, max: 6 }),
    neighbourhoods: fc.integer({ min: 1, max: 5 }),
    partnerSectors: fc.subarray([...SECTORS], { minLength: 1 }),
    itemsPerCharacteristic: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
  })
  .chain(({ minGroupSize, neighbourhoods, partnerSectors, itemsPerCharacteristic }) => {
    const characteristics = itemsPerCharacteristic.map((_, c) => `c${c}`);
    const questions = itemsPerCharacteristic.flatMap((items, c) =>
      Array.from({ length: items }, (_, i) => ({
        id: `c${c}-q${i}`,
        characteristic: `c${c}`,
        text: 'Q',
        type: 'likert5' as const,
      })),
    );
    const config: AggregationConfig = {
      collaboration: {
        neighbourhoods: Array.from({ length: neighbourhoods }, (_, i) => ({ id: `n${i}`, name: `N${i}` })),
        partners: partnerSectors.map((sector) => ({ id: `p-${sector}`, name: sector, sector })),
        minGroupSize,
        framework: { characteristics: characteristics.map((id) => ({ id, name: id, description: '' })) },
      },
      survey: { questions },
    };
    // Mostly configured segments, sometimes one the configuration does not list.
    const neighbourhood = fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 0, max: neighbourhoods - 1 }).map((i) => `n${i}`) },
      { weight: 1, arbitrary: fc.constant('unlisted') },
    );
    const sector = fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...partnerSectors) },
      { weight: 1, arbitrary: fc.constantFrom<Sector>(...SECTORS) },
    );
    const answer = fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 5 }));
    const response = fc.record({
      neighbourhoodId: neighbourhood,
      sector,
      answers: fc.tuple(...questions.map(() => answer)),
    });
    const wave = fc.array(response, { maxLength: 40 });
    return fc.array(wave, { minLength: 1, maxLength: 3 }).map((waves) => ({
      config,
      waves: waves.map((rs, w) =>
        rs.map(
          (r): ResponseRecord => ({
            waveId: `w${w}`,
            partnerId: `p-${r.sector}`,
            neighbourhoodId: r.neighbourhoodId,
            sector: r.sector,
            day: '2026-11-10',
            answers: Object.fromEntries(questions.map((q, i) => [q.id, r.answers[i] ?? null])),
          }),
        ),
      ),
    }));
  });

const rawCells = (s: Scenario, w: number): RawCell[] =>
  accumulateWave(s.config, `w${w}`, s.waves[w] ?? []).finish();

/** Cells grouped into additive relations: per wave × characteristic × question × dimension, with overall. */
const relations = <
  C extends { dimension: string; wave: string; characteristic: string; question: string | null },
>(
  cells: C[],
): { total: number; members: number[] }[] => {
  const item = (c: C) => JSON.stringify([c.wave, c.characteristic, c.question]);
  const totals = new Map(cells.flatMap((c, i) => (c.dimension === 'overall' ? [[item(c), i] as const] : [])));
  const groups = new Map<string, { total: number; members: number[] }>();
  cells.forEach((c, i) => {
    if (c.dimension === 'overall') return;
    const key = `${item(c)}|${c.dimension}`;
    const group = groups.get(key) ?? { total: totals.get(item(c)) as number, members: [] };
    group.members.push(i);
    groups.set(key, group);
  });
  return [...groups.values()];
};

const settings = { numRuns: 200 };

describe('aggregation properties', () => {
  it('segment counts add up to overall in every dimension, before suppression', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const cells = rawCells(s, 0);
        for (const { total, members } of relations(cells)) {
          const overall = cells[total] as RawCell;
          const sum = (f: (c: RawCell) => number) =>
            members.reduce((acc, i) => acc + f(cells[i] as RawCell), 0);
          expect(sum((c) => c.n)).toBe(overall.n);
          expect(sum((c) => c.dontKnow)).toBe(overall.dontKnow);
          if (overall.distribution) {
            for (const [k, count] of overall.distribution.entries()) {
              expect(sum((c) => (c.distribution as number[])[k] as number)).toBe(count);
            }
          }
        }
      }),
      settings,
    );
  });

  it('publishes no cell with n below the threshold, and nothing at all of a suppressed cell', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const min = s.config.collaboration.minGroupSize;
        const raw = rawCells(s, 0);
        for (const [i, cell] of suppressCells(raw, min).entries()) {
          if (raw[i]?.empty) {
            // A segment nobody in the wave belongs to: n 0, published, every statistic null.
            expect(cell).toMatchObject({
              suppressed: false,
              n: 0,
              dontKnow: 0,
              mean: null,
              distribution: null,
            });
          } else if (cell.suppressed) {
            expect([cell.n, cell.dontKnow, cell.mean, cell.sd, cell.favourable, cell.distribution]).toEqual([
              null,
              null,
              null,
              null,
              null,
              null,
            ]);
          } else {
            expect(cell.n).toBeGreaterThanOrEqual(min);
          }
        }
      }),
      settings,
    );
  });

  it('leaves every relation with a published total with no hidden member, or ≥ 2 whose n add up to the threshold', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const min = s.config.collaboration.minGroupSize;
        const raw = rawCells(s, 0);
        const published = suppressCells(raw, min);
        for (const { total, members: all } of relations(raw)) {
          // Empty segments are no part of any relation (rule 5).
          const members = all.filter((i) => !raw[i]?.empty);
          const hidden = members.filter((i) => published[i]?.suppressed);
          if (published[total]?.suppressed) {
            // no published total: every member is hidden too
            expect(hidden).toEqual(members);
            continue;
          }
          if (hidden.length === 0) continue;
          expect(hidden.length).toBeGreaterThanOrEqual(2);
          expect(hidden.reduce((acc, i) => acc + (raw[i] as RawCell).n, 0)).toBeGreaterThanOrEqual(min);
        }
      }),
      settings,
    );
  });

  it('gives a change exactly when the cell and its latest earlier publication are both published', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const cells = aggregate({
          ...s.config,
          waves: s.waves.map((responses, w) => ({ id: `w${w}`, status: 'closed', responses })),
        });
        const latestPublished = new Map<string, Cell>();
        let wave = '';
        let pending: [string, Cell][] = [];
        for (const cell of cells) {
          if (cell.wave !== wave) {
            for (const [key, c] of pending) latestPublished.set(key, c);
            pending = [];
            wave = cell.wave;
          }
          const key = coordinatesKey(cell);
          const earlier = latestPublished.get(key);
          if (cell.suppressed || !earlier || cell.n === 0) {
            expect(cell.change).toBeNull();
          } else {
            expect(cell.change?.fromWave).toBe(earlier.wave);
            expect(earlier.suppressed).toBe(false);
          }
          if (!cell.suppressed && cell.n !== 0) pending.push([key, cell]);
          expect(cellSchema.parse(cell)).toEqual(cell);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same cells whichever way the responses are split into merged shards', () => {
    fc.assert(
      fc.property(scenarioArbitrary, fc.array(fc.nat(), { maxLength: 3 }), (s, cuts) => {
        const responses = s.waves[0] ?? [];
        const bounds = [
          0,
          ...cuts.map((c) => c % (responses.length + 1)).sort((a, b) => a - b),
          responses.length,
        ];
        const merged = createWaveAccumulator(waveSpecFor(s.config, 'w0'));
        for (let i = 1; i < bounds.length; i++) {
          merged.merge(accumulateWave(s.config, 'w0', responses.slice(bounds[i - 1], bounds[i])));
        }
        expect(merged.finish()).toEqual(rawCells(s, 0));
      }),
      { numRuns: 100 },
    );
  });
});
