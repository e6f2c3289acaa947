import { describe, expect, it } from 'vitest';
import type { AggregationConfig, Cell } from '../../../lib/domain/aggregation/index.js';
import type { Sector } from '../../../lib/domain/collaboration.js';
import type { Answers, ResponseRecord } from '../../../lib/domain/response.js';
import { aggregate } from '../../support/aggregate.js';

const config: AggregationConfig = {
  collaboration: {
    neighbourhoods: ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id.toUpperCase() })),
    partners: [
      { id: 'council', name: 'Council', sector: 'local-authority' },
      { id: 'charity', name: 'Charity', sector: 'vcse' },
    ],
    minGroupSize: 5,
    framework: { characteristics: [{ id: 'purpose', name: 'Shared purpose', description: '' }] },
  },
  survey: {
    questions: [
      { id: 'p1', characteristic: 'purpose', text: 'P1', type: 'likert5' },
      { id: 'p2', characteristic: 'purpose', text: 'P2', type: 'likert5' },
    ],
  },
};

interface Group {
  neighbourhood: string;
  sector?: Sector;
  count: number;
  answers?: Answers;
}

const responses = (groups: Group[], waveId = 'w1'): ResponseRecord[] =>
  groups.flatMap(({ neighbourhood, sector = 'local-authority', count, answers }) =>
    Array.from({ length: count }, (_, i) => ({
      waveId,
      partnerId: sector === 'vcse' ? 'charity' : 'council',
      neighbourhoodId: neighbourhood,
      sector,
      day: '2026-11-10',
      answers: answers ?? { p1: 1 + (i % 5), p2: 4 },
    })),
  );

const publish = (groups: Group[]): Cell[] =>
  aggregate({ ...config, waves: [{ id: 'w1', status: 'closed', responses: responses(groups) }] });

/** Which segments of a dimension are suppressed, for one question (or the characteristic row). */
const hiddenSegments = (cells: Cell[], dimension: string, question: string | null = 'p1'): string[] =>
  cells
    .filter((c) => c.dimension === dimension && c.question === question && c.suppressed)
    .map((c) => c.segment as string);

const cellOf = (
  cells: Cell[],
  dimension: string,
  segment: string | null,
  question: string | null = 'p1',
): Cell => {
  const cell = cells.find(
    (c) => c.dimension === dimension && c.segment === segment && c.question === question,
  );
  if (!cell) throw new Error(`no cell ${dimension}/${segment}/${question}`);
  return cell;
};

describe('disclosure control (privacy rule 5)', () => {
  it('hides a small neighbourhood and, so it cannot be recovered from overall, the next smallest', () => {
    // prepare: c has 2 respondents; a 10, b 8; d none
    const groups = [
      { neighbourhood: 'a', count: 10 },
      { neighbourhood: 'b', count: 8 },
      { neighbourhood: 'c', count: 2 },
    ];

    // act
    const cells = publish(groups);

    // assert: primary c; H = {c} alone, so b (smallest published) goes too. d is empty: no part of H.
    expect(hiddenSegments(cells, 'neighbourhood').sort()).toEqual(['b', 'c']);
    expect(cellOf(cells, 'neighbourhood', 'd')).toMatchObject({ suppressed: false, n: 0, mean: null });
    expect(cellOf(cells, 'neighbourhood', 'a')).toMatchObject({ suppressed: false, n: 10 });
    expect(cellOf(cells, 'overall', null)).toMatchObject({ suppressed: false, n: 20 });
  });

  it('hides every statistic of a suppressed cell, n and dontKnow included', () => {
    // act
    const cells = publish([
      { neighbourhood: 'a', count: 10 },
      { neighbourhood: 'b', count: 2 },
    ]);

    // assert
    for (const question of ['p1', null]) {
      expect(cellOf(cells, 'neighbourhood', 'b', question)).toEqual({
        ...cellOf(cells, 'neighbourhood', 'b', question),
        n: null,
        dontKnow: null,
        distribution: null,
        mean: null,
        sd: null,
        ci95: null,
        favourable: null,
        favourableCi95: null,
        band: null,
        suppressed: true,
        change: null,
        vsRest: null,
      });
    }
  });

  // Contract change (DESIGN rule 5, issue 7): an empty segment used to count as hidden and forced
  // another segment's suppression; it is now published as n 0 and never enters H.
  it('publishes an empty neighbourhood as n 0, not suppressed, and hides nothing on its account', () => {
    // prepare: a 10, b 8, c 6, d 0
    const groups = [
      { neighbourhood: 'a', count: 10 },
      { neighbourhood: 'b', count: 8 },
      { neighbourhood: 'c', count: 6 },
    ];

    // act
    const cells = publish(groups);

    // assert
    expect(hiddenSegments(cells, 'neighbourhood')).toEqual([]);
    for (const question of ['p1', null]) {
      expect(cellOf(cells, 'neighbourhood', 'd', question)).toMatchObject({
        n: 0,
        dontKnow: 0,
        distribution: null,
        mean: null,
        sd: null,
        ci95: null,
        favourable: null,
        favourableCi95: null,
        band: null,
        suppressed: false,
        change: null,
        vsRest: null,
      });
    }
  });

  it('hides one more when two small neighbourhoods together are still below the threshold', () => {
    // prepare: c 2 and d 1 sum to 3 < 5
    const groups = [
      { neighbourhood: 'a', count: 10 },
      { neighbourhood: 'b', count: 7 },
      { neighbourhood: 'c', count: 2 },
      { neighbourhood: 'd', count: 1 },
    ];

    // act
    const cells = publish(groups);

    // assert
    expect(hiddenSegments(cells, 'neighbourhood').sort()).toEqual(['b', 'c', 'd']);
    expect(cellOf(cells, 'neighbourhood', 'a').n).toBe(10);
  });

  it('hides no more when two small neighbourhoods together reach the threshold', () => {
    // prepare: c 3 + d 3 = 6 ≥ 5
    const groups = [
      { neighbourhood: 'a', count: 10 },
      { neighbourhood: 'b', count: 7 },
      { neighbourhood: 'c', count: 3 },
      { neighbourhood: 'd', count: 3 },
    ];

    // act
    const cells = publish(groups);

    // assert
    expect(hiddenSegments(cells, 'neighbourhood').sort()).toEqual(['c', 'd']);
  });

  it('hides a small sector and the only other sector with it, keeping overall', () => {
    // prepare: 12 council staff, 3 from the charity
    const groups: Group[] = [
      { neighbourhood: 'a', sector: 'local-authority', count: 12 },
      { neighbourhood: 'b', sector: 'vcse', count: 3 },
    ];

    // act
    const cells = publish(groups);

    // assert: only the sectors of the collaboration's partners are rows
    expect(
      cells.filter((c) => c.dimension === 'sector' && c.question === 'p1').map((c) => c.segment),
    ).toEqual(['local-authority', 'vcse']);
    expect(hiddenSegments(cells, 'sector').sort()).toEqual(['local-authority', 'vcse']);
    expect(cellOf(cells, 'overall', null)).toMatchObject({ suppressed: false, n: 15 });
  });

  it('suppresses a question most people could not answer, with all its segments, but not its characteristic', () => {
    // prepare: 20 respondents, only 4 answer p2; everyone answers p1
    const groups: Group[] = [
      { neighbourhood: 'a', count: 4, answers: { p1: 4, p2: 5 } },
      { neighbourhood: 'a', count: 8, answers: { p1: 3, p2: null } },
      { neighbourhood: 'b', count: 8, answers: { p1: 2, p2: null } },
    ];

    // act
    const cells = publish(groups);

    // assert
    expect(cellOf(cells, 'overall', null, 'p2')).toMatchObject({ suppressed: true, n: null, dontKnow: null });
    const p2 = cells.filter((c) => c.question === 'p2');
    // c, d and the charity's sector had no responses at all: empty.
    const empty = (c: Cell) => ['c', 'd', 'vcse'].includes(c.segment as string);
    expect(p2.filter((c) => !empty(c)).every((c) => c.suppressed)).toBe(true);
    expect(p2.filter(empty).every((c) => !c.suppressed && c.n === 0)).toBe(true);
    expect(cellOf(cells, 'overall', null, 'p1')).toMatchObject({ suppressed: false, n: 20, dontKnow: 0 });
    expect(cellOf(cells, 'overall', null, null)).toMatchObject({ suppressed: false, n: 20, dontKnow: 0 });
  });

  it('suppresses everything when overall is below the threshold', () => {
    // act
    const cells = publish([
      { neighbourhood: 'a', count: 3 },
      { neighbourhood: 'b', count: 1 },
    ]);

    // assert
    expect(cells.length).toBeGreaterThan(0);
    // c, d and the charity's sector had no responses: empty, n 0 (nothing to hide); all else is suppressed.
    const empty = (c: Cell) => ['c', 'd', 'vcse'].includes(c.segment as string);
    expect(cells.filter((c) => !empty(c)).every((c) => c.suppressed && c.n === null && c.mean === null)).toBe(
      true,
    );
    expect(cells.filter(empty).every((c) => !c.suppressed && c.n === 0 && c.mean === null)).toBe(true);
  });

  it('publishes no cells for waves that are not closed (rule 4)', () => {
    // act
    const cells = aggregate({
      ...config,
      waves: [
        { id: 'w1', status: 'open', responses: responses([{ neighbourhood: 'a', count: 30 }]) },
        { id: 'w0', status: 'scheduled', responses: [] },
      ],
    });

    // assert
    expect(cells).toEqual([]);
  });
});
