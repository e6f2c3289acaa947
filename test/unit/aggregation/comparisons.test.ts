import { describe, expect, it } from 'vitest';
import {
  type AggregationConfig,
  type Cell,
  changesFor,
  emptyHistory,
  rememberWave,
  vsRestBetween,
  waveLabelsFor,
} from '../../../lib/domain/aggregation/index.js';
import { welchTest } from '../../../lib/domain/aggregation/significance.js';
import type { Sector } from '../../../lib/domain/collaboration.js';
import type { ResponseRecord } from '../../../lib/domain/response.js';
import { accumulateWave, aggregate, publishWave } from '../../support/aggregate.js';

const characteristics = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];
const framework = {
  characteristics: characteristics.map((id) => ({ id, name: `Name of ${id}`, description: '' })),
};
const collaboration = {
  neighbourhoods: ['a', 'b', 'c'].map((id) => ({ id, name: `Neighbourhood ${id.toUpperCase()}` })),
  partners: [
    { id: 'council', name: 'Council', sector: 'local-authority' as Sector },
    { id: 'charity', name: 'Charity', sector: 'vcse' as Sector },
  ],
  minGroupSize: 5,
  framework,
};
const likert = (id: string, characteristic: string, text = `Text of ${id}`) => ({
  id,
  characteristic,
  text,
  type: 'likert5' as const,
});
/** Two items per characteristic. */
const fullSurvey = characteristics.flatMap((c) => [likert(`${c}-q1`, c), likert(`${c}-q2`, c)]);

/** A deterministic spread of scores around `centre` (whole numbers 1–5). */
const spread = (i: number, centre: number) =>
  Math.min(5, Math.max(1, Math.round(centre + ((i % 5) - 2) * 0.75)));

const wave = (
  id: string,
  people: { neighbourhood: string; sector?: Sector; score: (i: number, question: string) => number }[],
  questions = fullSurvey,
): ResponseRecord[] =>
  people.map(({ neighbourhood, sector = 'local-authority', score }, i) => ({
    waveId: id,
    partnerId: sector === 'vcse' ? 'charity' : 'council',
    neighbourhoodId: neighbourhood,
    sector,
    day: '2026-11-10',
    answers: Object.fromEntries(questions.map((q) => [q.id, score(i, q.id)])),
  }));

const config = (questions = fullSurvey): AggregationConfig => ({ collaboration, survey: { questions } });
const find = (
  cells: Cell[],
  w: string,
  dimension: string,
  segment: string | null,
  question: string | null,
  c = 'c1',
) =>
  cells.find(
    (x) =>
      x.wave === w &&
      x.dimension === dimension &&
      x.segment === segment &&
      x.characteristic === c &&
      x.question === question,
  ) as Cell;

describe('labels', () => {
  it('carries names and texts as the wave asked them, and the wave times, on every cell', () => {
    const responses = wave(
      'w1',
      Array.from({ length: 12 }, () => ({ neighbourhood: 'a', score: () => 4 })),
    );
    const cells = aggregate({
      ...config(),
      waves: [
        {
          id: 'w1',
          status: 'closed',
          opensAt: '2026-11-01T09:00:00.000Z',
          closesAt: '2026-11-15T17:00:00.000Z',
          responses,
        },
      ],
    });

    expect(find(cells, 'w1', 'neighbourhood', 'a', 'c1-q2')).toMatchObject({
      waveOpensAt: '2026-11-01T09:00:00.000Z',
      waveClosesAt: '2026-11-15T17:00:00.000Z',
      segmentName: 'Neighbourhood A',
      characteristicName: 'Name of c1',
      questionText: 'Text of c1-q2',
    });
    expect(find(cells, 'w1', 'sector', 'vcse', null)).toMatchObject({
      segmentName: 'Voluntary, community and social enterprise',
      questionText: null,
    });
    expect(find(cells, 'w1', 'overall', null, null).segmentName).toBeNull();
  });
});

describe('only the characteristics a wave asked about', () => {
  it('publishes rows for exactly the 2 characteristics of a 2-characteristic survey', () => {
    const questions = [likert('x1', 'c3'), likert('y1', 'c6')];
    const responses = wave(
      'w1',
      Array.from({ length: 10 }, () => ({ neighbourhood: 'a', score: () => 3 })),
      questions,
    );

    const cells = aggregate({ ...config(questions), waves: [{ id: 'w1', status: 'closed', responses }] });

    expect([...new Set(cells.map((c) => c.characteristic))]).toEqual(['c3', 'c6']);
    expect(cells.some((c) => c.suppressed)).toBe(false);
  });
});

describe('change between waves (significance families, question texts)', () => {
  it('finds a planted overall change of 0.5 on one characteristic, with 60 respondents, among 8', () => {
    // Scores spread as in a real pulse (sd ≈ 0.7); in wave 2 every other respondent scores c1 one
    // point higher: the overall c1 mean moves by exactly 0.5.
    const pattern = [2, 3, 3, 3, 4];
    const people = (shifted: boolean) =>
      Array.from({ length: 60 }, (_, i) => ({
        neighbourhood: ['a', 'b', 'c'][i % 3] as string,
        score: (k: number, q: string) =>
          (pattern[(k + (q.endsWith('q2') ? 1 : 0)) % 5] as number) +
          (shifted && q.startsWith('c1-') && k % 2 === 0 ? 1 : 0),
      }));
    const cells = aggregate({
      ...config(),
      waves: [
        { id: 'w1', status: 'closed', responses: wave('w1', people(false)) },
        { id: 'w2', status: 'closed', responses: wave('w2', people(true)) },
      ],
    });

    const rows = cells.filter((c) => c.wave === 'w2' && c.dimension === 'overall' && c.question === null);
    expect(rows).toHaveLength(8);
    const c1 = rows.find((r) => r.characteristic === 'c1')?.change;
    expect(c1?.meanDelta).toBeCloseTo(0.5, 12);
    expect(c1?.significant).toBe(true);
    expect(c1?.itemsChanged).toBe(false);
    // The other seven did not move: nothing else in the family is significant.
    expect(rows.filter((r) => r.characteristic !== 'c1').every((r) => r.change?.significant === false)).toBe(
      true,
    );
  });

  it('compares a question only with a wave that asked the same id with the same text', () => {
    const reworded = fullSurvey.map((q) => (q.id === 'c1-q1' ? { ...q, text: 'Reworded' } : q));
    const people = Array.from({ length: 10 }, (_, i) => ({
      neighbourhood: 'a',
      score: (k: number) => spread(k + i, 3),
    }));
    // The earlier wave's own wording comes from its frozen cells, published under its version; the
    // new wave is published under the reworded survey and compared with them, as the job does.
    const history = emptyHistory();
    rememberWave(
      history,
      aggregate({ ...config(), waves: [{ id: 'w1', status: 'closed', responses: wave('w1', people) }] }),
    );
    const cells = changesFor(
      history,
      publishWave(
        accumulateWave(config(reworded), 'w2', wave('w2', people, reworded)),
        collaboration.minGroupSize,
        waveLabelsFor(config(reworded), {}),
      ),
    );

    expect(find(cells, 'w2', 'overall', null, 'c1-q1').change).toBeNull();
    expect(find(cells, 'w2', 'overall', null, 'c1-q2').change?.fromWave).toBe('w1');
    // The characteristic still compares, and says its items changed.
    expect(find(cells, 'w2', 'overall', null, null).change).toMatchObject({
      fromWave: 'w1',
      itemsChanged: true,
    });
    expect(find(cells, 'w2', 'overall', null, null, 'c2').change).toMatchObject({ itemsChanged: false });
  });
});

describe('vsRest', () => {
  const people = Array.from({ length: 60 }, (_, i) => {
    const neighbourhood = ['a', 'b', 'c'][i % 3] as string;
    return {
      neighbourhood,
      sector: (i % 2 === 0 ? 'vcse' : 'local-authority') as Sector,
      score: (k: number, q: string) =>
        spread(k + (q.endsWith('q2') ? 2 : 0), neighbourhood === 'b' ? 3.2 : 4),
    };
  });
  const cells = aggregate({
    ...config(),
    waves: [{ id: 'w1', status: 'closed', responses: wave('w1', people) }],
  });

  it('marks a planted neighbourhood that scores 0.8 lower as significantly below the rest', () => {
    const b = find(cells, 'w1', 'neighbourhood', 'b', null);
    expect(b.vsRest?.meanDelta).toBeLessThan(-0.6);
    expect(b.vsRest?.significant).toBe(true);
    expect(find(cells, 'w1', 'overall', null, null).vsRest).toBeNull();
  });

  it('is derived from the published cells alone, so it discloses nothing new', () => {
    // Recompute every vsRest from nothing but the published n, mean and sd of the segment and overall
    // cells (what any reader of the table has): the published value is exactly that.
    for (const cell of cells.filter((c) => c.dimension !== 'overall')) {
      const overall = find(cells, 'w1', 'overall', null, cell.question, cell.characteristic);
      const draft = vsRestBetween(cell, overall);
      expect(cell.vsRest === null).toBe(draft === null);
      if (!cell.vsRest || !draft || cell.n === null || overall.n === null) continue;
      const published = (c: Cell) => ({
        n: c.n as number,
        sum: (c.n as number) * (c.mean as number),
        ss: ((c.n as number) - 1) * (c.sd as number) ** 2 + (c.n as number) * (c.mean as number) ** 2,
      });
      const s = published(cell);
      const o = published(overall);
      const n = o.n - s.n;
      const mean = (o.sum - s.sum) / n;
      const variance = (o.ss - s.ss - n * mean * mean) / (n - 1);
      expect(cell.vsRest.meanDelta).toBeCloseTo((cell.mean as number) - mean, 12);
      const welch = welchTest(
        { mean: cell.mean as number, variance: (cell.sd as number) ** 2, n: s.n },
        { mean, variance: Math.max(0, variance), n },
      );
      expect(cell.vsRest.pValue).toBeCloseTo(welch?.pValue as number, 12);
    }
  });

  it('is null when the segment is suppressed or empty, and adjusts q within wave × dimension × level', () => {
    const few = aggregate({
      ...config(),
      waves: [
        {
          id: 'w1',
          status: 'closed',
          responses: wave('w1', [
            ...Array.from({ length: 20 }, () => ({ neighbourhood: 'a', score: (k: number) => spread(k, 4) })),
            ...Array.from({ length: 2 }, () => ({ neighbourhood: 'b', score: () => 1 })),
          ]),
        },
      ],
    });
    expect(find(few, 'w1', 'neighbourhood', 'b', null)).toMatchObject({ suppressed: true, vsRest: null });
    expect(find(few, 'w1', 'neighbourhood', 'c', null)).toMatchObject({
      n: 0,
      suppressed: false,
      vsRest: null,
    });

    const family = cells.filter(
      (c) => c.dimension === 'neighbourhood' && c.question === null && c.vsRest?.pValue != null,
    );
    const m = family.length;
    const sorted = [...family].sort((x, y) => (x.vsRest?.pValue as number) - (y.vsRest?.pValue as number));
    sorted.forEach((c, i) => {
      const expected = Math.min(
        1,
        ...sorted.slice(i).map((d, j) => ((d.vsRest?.pValue as number) * m) / (i + j + 1)),
      );
      expect(c.vsRest?.qValue).toBeCloseTo(expected, 12);
    });
  });
});
