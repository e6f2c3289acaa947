import { describe, expect, it } from 'vitest';
import {
  type AccumulatorState,
  type AggregationConfig,
  createWaveAccumulator,
  type Dimension,
  NEIGHBOURHOOD_DIMENSION,
  waveSpecFor,
} from '../../../lib/domain/aggregation/index.js';
import type { Sector } from '../../../lib/domain/collaboration.js';
import type { Answers, ResponseRecord } from '../../../lib/domain/response.js';
import { accumulateWave, aggregate } from '../../support/aggregate.js';

const config: AggregationConfig = {
  collaboration: {
    neighbourhoods: [
      { id: 'south', name: 'South' },
      { id: 'north', name: 'North' },
    ],
    partners: [
      { id: 'trust', name: 'Trust', sector: 'nhs-trust' },
      { id: 'council', name: 'Council', sector: 'local-authority' },
    ],
    minGroupSize: 5,
    framework: {
      characteristics: [
        { id: 'trust', name: 'Trust', description: '' },
        { id: 'purpose', name: 'Purpose', description: '' },
      ],
    },
  },
  survey: {
    questions: [
      { id: 'p1', characteristic: 'purpose', text: 'P1', type: 'likert5' },
      { id: 't1', characteristic: 'trust', text: 'T1', type: 'likert5' },
      { id: 'p2', characteristic: 'purpose', text: 'P2', type: 'likert5' },
      { id: 'c1', characteristic: 'purpose', text: 'Say more', type: 'comment' },
    ],
  },
};

const response = (
  neighbourhoodId: string,
  sector: Sector,
  answers: Answers,
  waveId = 'w1',
): ResponseRecord => ({
  waveId,
  partnerId: sector === 'nhs-trust' ? 'trust' : 'council',
  neighbourhoodId,
  sector,
  day: '2026-11-10',
  answers,
});

/** A deterministic spread of responses over the segments, with some "don't know". */
const sample = (count: number): ResponseRecord[] =>
  Array.from({ length: count }, (_, i) =>
    response(i % 3 === 0 ? 'north' : 'south', i % 4 === 0 ? 'nhs-trust' : 'local-authority', {
      p1: 1 + (i % 5),
      t1: i % 7 === 0 ? null : 1 + ((i * 3) % 5),
      p2: i % 2 === 0 ? null : 2 + (i % 4),
    }),
  );

describe('the wave accumulator', () => {
  it('emits cells in table order: overall, each dimension, framework order, characteristic row before its questions', () => {
    // act
    const cells = accumulateWave(config, 'w1', sample(20)).finish();

    // assert
    const rows = cells.map((c) => [c.dimension, c.segment, c.characteristic, c.question].join('/'));
    expect(rows.slice(0, 4)).toEqual([
      'overall//trust/',
      'overall//trust/t1',
      'overall//purpose/',
      'overall//purpose/p1',
    ]);
    expect(rows[4]).toBe('overall//purpose/p2');
    expect([...new Set(cells.map((c) => `${c.dimension}/${c.segment ?? ''}`))]).toEqual([
      'overall/',
      'neighbourhood/south',
      'neighbourhood/north',
      'sector/local-authority',
      'sector/nhs-trust',
    ]);
    expect(cells.some((c) => c.question === 'c1')).toBe(false);
  });

  it('counts segments met in responses but not configured, after the configured ones in code-point order', () => {
    // prepare: "west" and "east" are not among the collaboration's neighbourhoods
    const responses = [
      ...sample(10),
      response('west', 'vcse', { p1: 3 }),
      response('east', 'vcse', { p1: 4 }),
    ];

    // act
    const cells = accumulateWave(config, 'w1', responses).finish();

    // assert
    const neighbourhoods = cells.filter((c) => c.dimension === 'neighbourhood' && c.question === 'p1');
    expect(neighbourhoods.map((c) => c.segment)).toEqual(['south', 'north', 'east', 'west']);
    expect(neighbourhoods.reduce((s, c) => s + c.n, 0)).toBe(12);
    expect(
      cells.find((c) => c.dimension === 'sector' && c.segment === 'vcse' && c.question === 'p1')?.n,
    ).toBe(2);
  });

  it('gives the same cells when shards are accumulated apart and merged, directly or through JSON', () => {
    // prepare
    const responses = sample(97);
    const whole = accumulateWave(config, 'w1', responses);
    const first = accumulateWave(config, 'w1', responses.slice(0, 40));
    const second = accumulateWave(config, 'w1', responses.slice(40, 70));
    const third = accumulateWave(config, 'w1', responses.slice(70));
    const merged = createWaveAccumulator(waveSpecFor(config, 'w1'));

    // act
    merged.merge(first);
    merged.merge(JSON.parse(JSON.stringify(second.state())) as AccumulatorState);
    merged.merge(third);

    // assert
    expect(merged.responses).toBe(97);
    expect(merged.finish()).toEqual(whole.finish());
  });

  it('refuses to merge another wave or a different survey', () => {
    // prepare
    const accumulator = accumulateWave(config, 'w1', sample(5));
    const otherSurvey = { ...config, survey: { questions: config.survey.questions.slice(0, 2) } };

    // act / assert
    expect(() => accumulator.merge(accumulateWave(config, 'w2', []))).toThrow(RangeError);
    expect(() => accumulator.merge(accumulateWave(otherSurvey, 'w1', []))).toThrow(RangeError);
  });

  it('refuses a response of another wave', () => {
    const accumulator = accumulateWave(config, 'w1', []);
    expect(() => accumulator.add(response('north', 'vcse', { p1: 3 }, 'w2'))).toThrow(/wave/);
  });

  it('refuses a question mapped to a characteristic outside the framework', () => {
    const survey = { questions: [{ id: 'x', characteristic: 'nope', text: 'X', type: 'likert5' as const }] };
    expect(() => accumulateWave({ ...config, survey }, 'w1', [])).toThrow(/not in the framework/);
  });

  it('skips and counts answers that are neither null nor 1–5, and ignores questions it does not know', () => {
    // prepare
    const responses = [
      response('north', 'nhs-trust', { p1: 7, t1: 2.5, p2: 4, c1: 'comment text' } as unknown as Answers),
      response('north', 'nhs-trust', { p1: 3, gone: 5 }),
    ];

    // act
    const accumulator = accumulateWave(config, 'w1', responses);
    const overall = accumulator.finish().filter((c) => c.dimension === 'overall');

    // assert
    expect(accumulator.invalidAnswers).toBe(2);
    expect(overall.find((c) => c.question === 'p1')).toMatchObject({
      n: 1,
      dontKnow: 0,
      distribution: [0, 0, 1, 0, 0],
    });
    expect(overall.find((c) => c.question === 't1')).toMatchObject({
      n: 0,
      dontKnow: 0,
      mean: null,
      sd: null,
    });
    // p2 missing from the second response counts as not asked, not as "don't know"
    expect(overall.find((c) => c.question === 'p2')).toMatchObject({ n: 1, dontKnow: 0 });
  });

  it('keeps all statistics null for an empty cell before suppression', () => {
    // act
    const cells = accumulateWave(config, 'w1', []).finish();

    // assert
    expect(cells).toHaveLength(5 * 5); // 5 rows per segment (2 characteristics, 3 questions) × 5 segments
    for (const cell of cells) {
      expect(cell).toMatchObject({
        n: 0,
        dontKnow: 0,
        mean: null,
        sd: null,
        ci95: null,
        favourable: null,
        band: null,
      });
      expect(cell.favourableCi95).toBeNull();
    }
  });

  it('accepts configured dimensions (by partner, say) in place of the defaults', () => {
    // prepare
    const byPartner: Dimension = {
      name: 'partner',
      segmentOf: (r) => r.partnerId,
      segments: ['trust', 'council'],
    };

    // act
    const cells = aggregate({
      ...config,
      dimensions: [NEIGHBOURHOOD_DIMENSION, byPartner],
      waves: [{ id: 'w1', status: 'closed', responses: sample(40) }],
    });

    // assert
    expect([...new Set(cells.map((c) => c.dimension))]).toEqual(['overall', 'neighbourhood', 'partner']);
    expect(() =>
      accumulateWave({ ...config, dimensions: [{ ...byPartner, name: 'overall' }] }, 'w1', []),
    ).toThrow();
  });

  it('works with no dimensions at all: overall only', () => {
    // act
    const cells = accumulateWave({ ...config, dimensions: [] }, 'w1', sample(12)).finish();

    // assert
    expect(cells.map((c) => c.dimension)).toEqual(Array(5).fill('overall'));
    expect(cells.find((c) => c.question === 'p1')?.n).toBe(12);
  });
});
