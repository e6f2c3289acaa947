import type { ReportCell, ReportSnapshot } from '../../../lib/report/model.js';

/** Every statistic null: the base of suppressed and empty cells. */
export const blank = {
  dontKnow: 0,
  distribution: null,
  mean: null,
  sd: null,
  ci95: null,
  favourable: null,
  favourableCi95: null,
  band: null,
  change: null,
  vsRest: null,
} as const;

/** Where a characteristic row sits: round, dimension, segment (null for overall), characteristic. */
type At = [wave: string, dimension: string, segment: string | null, characteristic: string];
const at = ([wave, dimension, segment, characteristic]: At) => ({
  ...blank,
  wave,
  dimension,
  segment,
  characteristic,
  question: null,
  // Labels (issue 7), as the snapshot's lists name them.
  waveOpensAt: '',
  waveClosesAt: '',
  segmentName: segment,
  characteristicName: characteristic === 'trust' ? 'Trusting relationships' : 'Shared purpose',
  questionText: null,
});

const published = (
  ...[wave, dimension, segment, characteristic, mean, extra = {}]: [...At, number, Partial<ReportCell>?]
): ReportCell => ({
  ...at([wave, dimension, segment, characteristic]),
  n: 40,
  dontKnow: 2,
  mean,
  sd: 0.8,
  ci95: [mean - 0.25, mean + 0.25],
  favourable: (mean - 1) / 4,
  favourableCi95: [(mean - 1) / 4 - 0.1, (mean - 1) / 4 + 0.1],
  band: mean >= 4 ? 'strength' : mean >= 3 ? 'borderline' : 'concern',
  suppressed: false,
  ...extra,
});

const suppressed = (...coordinates: At): ReportCell => ({
  ...at(coordinates),
  n: null,
  dontKnow: null,
  suppressed: true,
});

const empty = (...coordinates: At): ReportCell => ({ ...at(coordinates), n: 0, suppressed: false });

const question = (
  wave: string,
  characteristic: string,
  id: string,
  text: string,
  distribution: [number, number, number, number, number],
): ReportCell => {
  const n = distribution.reduce((a, b) => a + b, 0);
  const mean = distribution.reduce((a, c, i) => a + c * (i + 1), 0) / n;
  return {
    ...published(wave, 'overall', null, characteristic, mean),
    question: id,
    questionText: text,
    n,
    dontKnow: 3,
    distribution,
  };
};

const segmentRows = (wave: string, ch: string, base: number): ReportCell[] => [
  published(wave, 'neighbourhood', 'north', ch, base + 0.6, {
    segmentName: 'North',
    vsRest: { meanDelta: 0.6, pValue: 0.001, qValue: 0.004, significant: true },
  }),
  suppressed(wave, 'neighbourhood', 'south', ch),
  published(wave, 'sector', 'primary-care', ch, base - 0.1),
  empty(wave, 'sector', 'vcse', ch),
];

/**
 * A small fixed snapshot: two closed rounds and an open one, two characteristics with two questions
 * each, two neighbourhoods (one suppressed, with a significant `vsRest` on the other) and two sectors
 * (one with no responses). Figures are made up but consistent enough to read.
 */
export const fixedSnapshot = (): ReportSnapshot => ({
  schemaVersion: '1',
  generatedAt: '2027-04-20T10:00:00.000Z',
  collaboration: { id: 'test', name: 'Test Alliance' },
  survey: { id: 'pulse', title: 'Alliance pulse' },
  minGroupSize: 5,
  characteristics: [
    { id: 'shared-purpose', name: 'Shared purpose' },
    { id: 'trust', name: 'Trusting relationships' },
  ],
  segments: [
    { dimension: 'neighbourhood', id: 'north', name: 'North' },
    { dimension: 'neighbourhood', id: 'south', name: 'South' },
    { dimension: 'sector', id: 'primary-care', name: 'Primary care' },
    { dimension: 'sector', id: 'vcse', name: 'Voluntary, community and social enterprise' },
  ],
  waves: [
    {
      id: 'w1',
      opensAt: '2027-01-04T09:00:00.000Z',
      closesAt: '2027-01-18T09:00:00.000Z',
      status: 'closed',
      invited: 60,
      responses: 45,
      responseRate: 0.75,
      bySegment: [],
    },
    {
      id: 'w2',
      opensAt: '2027-04-05T08:00:00.000Z',
      closesAt: '2027-04-19T08:00:00.000Z',
      status: 'closed',
      invited: 60,
      responses: 42,
      responseRate: 0.7,
      bySegment: [
        {
          dimension: 'neighbourhood',
          segment: 'north',
          segmentName: 'north',
          invited: 50,
          responses: 39,
          responseRate: 0.78,
        },
        {
          dimension: 'neighbourhood',
          segment: 'south',
          segmentName: 'south',
          invited: 10,
          responses: 3,
          responseRate: 0.3,
        },
        {
          dimension: 'sector',
          segment: 'primary-care',
          segmentName: 'primary-care',
          invited: 55,
          responses: 42,
          responseRate: 42 / 55,
        },
        {
          dimension: 'sector',
          segment: 'vcse',
          segmentName: 'vcse',
          invited: 5,
          responses: 0,
          responseRate: 0,
        },
      ],
    },
    {
      id: 'w3',
      opensAt: '2027-07-05T08:00:00.000Z',
      closesAt: '2027-07-19T08:00:00.000Z',
      status: 'open',
      invited: 60,
      responses: 10,
      responseRate: 10 / 60,
    },
  ],
  cells: [
    published('w1', 'overall', null, 'shared-purpose', 3.1),
    published('w1', 'overall', null, 'trust', 2.6),
    ...segmentRows('w1', 'shared-purpose', 3.1),
    ...segmentRows('w1', 'trust', 2.6),
    published('w2', 'overall', null, 'shared-purpose', 3.55, {
      characteristicName: 'Shared purpose',
      change: {
        fromWave: 'w1',
        meanDelta: 0.45,
        favourableDelta: 0.11,
        favourableDeltaCi95: [0.01, 0.2],
        pValue: 0.004,
        qValue: 0.008,
        significant: true,
        itemsChanged: false,
      },
    }),
    published('w2', 'overall', null, 'trust', 2.71, {
      change: {
        fromWave: 'w1',
        meanDelta: 0.11,
        favourableDelta: 0.03,
        favourableDeltaCi95: [-0.1, 0.15],
        pValue: 0.4,
        qValue: 0.4,
        significant: false,
        itemsChanged: false,
      },
    }),
    ...segmentRows('w2', 'shared-purpose', 3.55),
    ...segmentRows('w2', 'trust', 2.71),
    question('w2', 'shared-purpose', 'sp1', 'We agree on what the alliance is for', [1, 3, 8, 20, 8]),
    question('w2', 'shared-purpose', 'sp2', 'Our joint priorities are <clear> & "shared"', [2, 6, 10, 16, 6]),
    question('w2', 'trust', 'tr1', 'I trust colleagues in partner organisations', [5, 10, 12, 10, 3]),
    {
      ...suppressed('w2', 'overall', null, 'trust'),
      question: 'tr2',
      questionText: 'Partners disagree openly',
    },
  ],
});
