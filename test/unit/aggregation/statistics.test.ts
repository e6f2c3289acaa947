import { describe, expect, it } from 'vitest';
import { bandOf } from '../../../lib/domain/aggregation/bands.js';
import { type AggregationConfig, type Cell, cellSchema } from '../../../lib/domain/aggregation/index.js';
import { tQuantile975 } from '../../../lib/domain/aggregation/intervals.js';
import type { Answers, ResponseRecord } from '../../../lib/domain/response.js';
import { aggregate } from '../../support/aggregate.js';

// Hand-worked figures below were computed on paper and checked with scipy.stats (t.ppf, the Wilson
// formula) to the digits shown.

const config = (minGroupSize: number): AggregationConfig => ({
  collaboration: {
    neighbourhoods: [{ id: 'north', name: 'North' }],
    partners: [{ id: 'council', name: 'Council', sector: 'local-authority' }],
    minGroupSize,
    framework: {
      characteristics: [
        { id: 'purpose', name: 'Shared purpose', description: '' },
        { id: 'trust', name: 'Trust', description: '' },
      ],
    },
  },
  survey: {
    questions: [
      { id: 'p1', characteristic: 'purpose', text: 'P1', type: 'likert5' },
      { id: 'p2', characteristic: 'purpose', text: 'P2', type: 'likert5' },
      { id: 'p3', characteristic: 'purpose', text: 'P3', type: 'likert5' },
      { id: 'p-comment', characteristic: 'purpose', text: 'Anything?', type: 'comment' },
      { id: 't1', characteristic: 'trust', text: 'T1', type: 'likert5' },
    ],
  },
});

const response = (answers: Answers): ResponseRecord => ({
  waveId: 'w1',
  partnerId: 'council',
  neighbourhoodId: 'north',
  sector: 'local-authority',
  day: '2026-11-10',
  answers: { p1: null, p2: null, p3: null, t1: null, ...answers },
});

const overall = (cells: Cell[], question: string | null, characteristic = 'purpose'): Cell => {
  const cell = cells.find(
    (c) => c.dimension === 'overall' && c.characteristic === characteristic && c.question === question,
  );
  if (!cell) throw new Error(`no overall cell for ${characteristic}/${question}`);
  return cell;
};

// A threshold of 1 publishes every cell with a score, so the figures themselves can be checked.
const run = (responses: ResponseRecord[], minGroupSize = 1): Cell[] =>
  aggregate({ ...config(minGroupSize), waves: [{ id: 'w1', status: 'closed', responses }] });

describe('Student t quantiles', () => {
  it('match the published table values', () => {
    expect(tQuantile975(10)).toBeCloseTo(2.228139, 6);
    expect(tQuantile975(29)).toBeCloseTo(2.04523, 6);
  });
});

describe('question cells', () => {
  it('give n, mean, sd, t interval, favourable share, Wilson interval, band and distribution (n = 11)', () => {
    // prepare: scores 1,2,2,3,3,3,4,4,4,5,5 and one "don't know"
    const scores = [1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5];
    const responses = [...scores.map((p1) => response({ p1 })), response({ p1: null })];

    // act
    const cell = overall(run(responses), 'p1');

    // assert: Σx = 36, Σx² = 134, mean = 36/11, s² = (134 − 36²/11)/10 = 1.6181…
    expect(cell.n).toBe(11);
    expect(cell.dontKnow).toBe(1);
    expect(cell.distribution).toEqual([1, 2, 3, 3, 2]);
    expect(cell.mean).toBeCloseTo(3.272727, 6);
    expect(cell.sd).toBeCloseTo(1.272078, 6);
    // half-width 2.228139 · 1.272078 / √11 = 0.854593
    expect(cell.ci95?.[0]).toBeCloseTo(2.418134, 6);
    expect(cell.ci95?.[1]).toBeCloseTo(4.127321, 6);
    expect(cell.favourable).toBeCloseTo(5 / 11, 12);
    expect(cell.favourableCi95?.[0]).toBeCloseTo(0.212713, 6);
    expect(cell.favourableCi95?.[1]).toBeCloseTo(0.719908, 6);
    expect(cell.band).toBe('borderline');
    expect(cell.suppressed).toBe(false);
    expect(cellSchema.parse(cell)).toEqual(cell);
  });

  it('use t(0.975, 29) for thirty scores and band a mean of exactly 4 as a strength', () => {
    // prepare: ten each of 5, 4 and 3: mean 4, s² = 20/29
    const responses = [5, 4, 3].flatMap((p1) => Array.from({ length: 10 }, () => response({ p1 })));

    // act
    const cell = overall(run(responses), 'p1');

    // assert: half-width 2.045230 · 0.830455 / √30 = 0.310097
    expect(cell.mean).toBe(4);
    expect(cell.sd).toBeCloseTo(0.830455, 6);
    expect(cell.ci95?.[0]).toBeCloseTo(3.689903, 6);
    expect(cell.ci95?.[1]).toBeCloseTo(4.310097, 6);
    expect(cell.favourable).toBeCloseTo(2 / 3, 12);
    expect(cell.favourableCi95?.[0]).toBeCloseTo(0.487801, 6);
    expect(cell.favourableCi95?.[1]).toBeCloseTo(0.807695, 6);
    expect(cell.band).toBe('strength');
  });

  it('give an exact zero sd when every score is equal, and null sd and intervals for a single score', () => {
    // prepare
    const equal = Array.from({ length: 6 }, () => response({ p1: 4, t1: 2 }));

    // act
    const cells = run([...equal]);
    const single = overall(run([response({ p1: 3 })]), 'p1');

    // assert
    expect(overall(cells, 'p1').sd).toBe(0);
    expect(overall(cells, 'p1').ci95).toEqual([4, 4]);
    expect(single.n).toBe(1);
    expect(single.mean).toBe(3);
    expect(single.sd).toBeNull();
    expect(single.ci95).toBeNull();
    expect(single.favourableCi95).not.toBeNull();
  });

  it('band the unrounded mean against configurable thresholds', () => {
    expect(bandOf(3.9999)).toBe('borderline');
    expect(bandOf(4)).toBe('strength');
    expect(bandOf(2.9999)).toBe('concern');
    expect(bandOf(3)).toBe('borderline');
    expect(bandOf(null)).toBeNull();
    expect(bandOf(4.1, { strength: 4.2, borderline: 3.5 })).toBe('borderline');
    expect(bandOf(3.4, { strength: 4.2, borderline: 3.5 })).toBe('concern');
  });

  it('apply configured bands to cells', () => {
    // prepare: a mean of 4
    const responses = [3, 4, 5].map((p1) => response({ p1 }));

    // act
    const cells = aggregate({
      ...config(1),
      bands: { strength: 4.5, borderline: 3.5 },
      waves: [{ id: 'w1', status: 'closed', responses }],
    });

    // assert
    expect(overall(cells, 'p1').band).toBe('borderline');
  });
});

describe('characteristic cells', () => {
  it('score each respondent by the mean of the items they answered', () => {
    // prepare: A answers 2 of 3 items (4, 5 → 4.5), B one (2), C none (all "don't know"), D all three (3)
    const responses = [
      response({ p1: 4, p2: 5 }),
      response({ p1: 2 }),
      response({}),
      response({ p1: 3, p2: 3, p3: 3 }),
    ];

    // act
    const cells = run(responses);
    const purpose = overall(cells, null);

    // assert: scores 4.5, 2, 3 → mean 19/6, s² = (Σ(x − m)²)/2 = 1.583333
    expect(purpose.n).toBe(3);
    expect(purpose.dontKnow).toBe(1);
    expect(purpose.distribution).toBeNull();
    expect(purpose.mean).toBeCloseTo(19 / 6, 12);
    expect(purpose.sd).toBeCloseTo(1.258306, 6);
    // t(0.975, 2) = 4.302653; half-width 4.302653 · 1.258306 / √3 = 3.125805
    expect(purpose.ci95?.[0]).toBeCloseTo(0.040862, 6);
    expect(purpose.ci95?.[1]).toBeCloseTo(6.292471, 6);
    expect(purpose.favourable).toBeCloseTo(1 / 3, 12);
    expect(purpose.band).toBe('borderline');
    // the question rows count answers, not respondents
    expect(overall(cells, 'p1')).toMatchObject({ n: 3, dontKnow: 1, distribution: [0, 1, 1, 1, 0] });
    expect(overall(cells, 'p2')).toMatchObject({ n: 2, dontKnow: 2, distribution: [0, 0, 1, 0, 1] });
    expect(overall(cells, 'p3')).toMatchObject({ n: 1, dontKnow: 3 });
  });

  it('count a respondent as favourable when their mean is exactly 4', () => {
    // prepare: (3, 5) and (4, 3, 5) average exactly 4; (4, 4, 3) averages 3.67
    const responses = [
      response({ p1: 3, p2: 5 }),
      response({ p1: 4, p2: 3, p3: 5 }),
      response({ p1: 4, p2: 4, p3: 3 }),
    ];

    // act
    const purpose = overall(run(responses), null);

    // assert
    expect(purpose.favourable).toBeCloseTo(2 / 3, 12);
    expect(purpose.mean).toBeCloseTo((4 + 4 + 11 / 3) / 3, 12);
  });

  it('count "don\'t know" only for respondents who answered none of the items', () => {
    // prepare: one "don't know" to everything, one partly answered, one who skipped trust entirely
    const responses = [response({}), response({ p3: 5 }), response({ p1: 2, t1: 4 })];

    // act
    const cells = run(responses);

    // assert
    expect(overall(cells, null)).toMatchObject({ n: 2, dontKnow: 1 });
    expect(overall(cells, null, 'trust')).toMatchObject({ n: 1, dontKnow: 2 });
  });

  it('publish no statistics at all for a characteristic nobody scored (n = 0)', () => {
    // prepare
    const responses = Array.from({ length: 6 }, () => response({ t1: 4 }));

    // act
    const purpose = overall(run(responses), null);

    // assert: n = 0 is below any threshold, so suppressed with everything null
    expect(purpose).toMatchObject({
      suppressed: true,
      n: null,
      dontKnow: null,
      mean: null,
      sd: null,
      band: null,
    });
  });
});

describe('output', () => {
  const numbersIn = (value: unknown): number[] =>
    typeof value === 'number'
      ? [value]
      : value !== null && typeof value === 'object'
        ? Object.values(value).flatMap(numbersIn)
        : [];

  it('contains only finite numbers or null, and validates against the published schema', () => {
    // prepare: a lone score (no sd), all-equal scores and an all "don't know" respondent
    const responses = [response({ p1: 5 }), response({ p1: 5, t1: 1 }), response({})];

    // act
    const cells = run(responses);

    // assert
    expect(cells.some((c) => c.n === 1 && c.sd === null)).toBe(true);
    for (const cell of cells) {
      expect(cellSchema.parse(cell)).toEqual(cell);
      expect(numbersIn(cell).every(Number.isFinite)).toBe(true);
    }
  });
});
