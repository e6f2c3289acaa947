import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  coordinatesKey,
  type RawCell,
  waveLabelsFor,
} from '../../../lib/domain/aggregation/index.js';
import type { Sector } from '../../../lib/domain/collaboration.js';
import { accumulateWave, aggregate, publishWave, repeat, responseIn } from '../../support/aggregate.js';

const framework = { characteristics: [{ id: 'c', name: 'C', description: '' }] };
const survey = {
  questions: [
    { id: 'q1', characteristic: 'c', text: 'x', type: 'likert5' as const },
    { id: 'q2', characteristic: 'c', text: 'y', type: 'likert5' as const },
  ],
};
const response = (
  neighbourhoodId: string,
  answers: Record<string, number | null>,
  sector: Sector = 'other',
) => responseIn(neighbourhoodId, sector, answers);
const find = (cells: Cell[], dimension: string, segment: string | null, question: string | null) =>
  cells.find((c) => c.dimension === dimension && c.segment === segment && c.question === question) as Cell;

describe('linked suppression', () => {
  it("hides a segment's characteristic row with its question rows when everyone answered every item", () => {
    // A (2 people) is primary-suppressed; D (6, answered both items) is hidden to protect A in the
    // characteristic relation, while E is hidden instead in the question relations. Without the tie,
    // D's published question rows give back D's characteristic row, and overall minus the rest gives A.
    const neighbourhoods = ['a', 'd', 'e', 'z'];
    const responses = [
      response('a', { q1: 1, q2: 1 }),
      response('a', { q1: 2, q2: 2 }),
      ...repeat(6, (i) => response('d', { q1: 4, q2: i % 2 ? 5 : 3 })),
      ...repeat(3, () => response('e', { q1: 4, q2: null })),
      ...repeat(3, () => response('e', { q1: null, q2: 4 })),
      ...repeat(2, () => response('e', { q1: 3, q2: 3 })),
      ...repeat(30, (i) => response('z', { q1: 3 + (i % 3), q2: 2 + (i % 4) })),
    ];
    const cells = aggregate({
      collaboration: {
        neighbourhoods: neighbourhoods.map((id) => ({ id, name: id })),
        partners: [{ id: 'p-other', name: 'p', sector: 'other' }],
        minGroupSize: 5,
        framework,
      },
      survey,
      dimensions: [{ name: 'neighbourhood', segmentOf: (r) => r.neighbourhoodId, segments: neighbourhoods }],
      waves: [{ id: 'w1', status: 'closed', responses }],
    });

    const d = ['q1', 'q2', null].map((q) => find(cells, 'neighbourhood', 'd', q).suppressed);
    expect(new Set(d).size).toBe(1);
    expect(find(cells, 'neighbourhood', 'a', null).suppressed).toBe(true);
  });

  it('protects a neighbourhood whose respondents are exactly one sector', () => {
    // n1 holds only VCSE respondents and all VCSE respondents are in n1, so the VCSE row equals n1's.
    // n2 (3 people) is primary-suppressed and n1 is hidden to protect it; publishing VCSE would give
    // n1 back, and then overall minus n1, n3 and n4 would give n2.
    const responses = [
      ...repeat(6, () => response('n1', { q1: 4, q2: 4 }, 'vcse')),
      ...repeat(3, () => response('n2', { q1: 1, q2: 1 }, 'local-authority')),
      ...repeat(30, () => response('n3', { q1: 3, q2: 3 }, 'local-authority')),
      ...repeat(7, () => response('n4', { q1: 5, q2: 5 }, 'local-authority')),
    ];
    const config = {
      collaboration: {
        neighbourhoods: ['n1', 'n2', 'n3', 'n4'].map((id) => ({ id, name: id })),
        partners: [
          { id: 'p-vcse', name: 'v', sector: 'vcse' as const },
          { id: 'p-local-authority', name: 'l', sector: 'local-authority' as const },
        ],
        minGroupSize: 5,
        framework,
      },
      survey,
    };
    const accumulator = accumulateWave(config, 'w1', responses);

    const cells = publishWave(accumulator, 5, waveLabelsFor(config, {}));

    expect(find(cells, 'neighbourhood', 'n2', 'q1').suppressed).toBe(true);
    expect(find(cells, 'neighbourhood', 'n1', 'q1').suppressed).toBe(true);
    expect(find(cells, 'sector', 'vcse', 'q1').suppressed).toBe(true);
    // With VCSE hidden, the sector relation needs a second hidden member.
    expect(find(cells, 'sector', 'local-authority', 'q1').suppressed).toBe(true);
  });

  it('protects a group of neighbourhoods that holds exactly the respondents of a group of sectors', () => {
    // n1 and n2 hold all of sectors A and B, and nobody else: n1 + n2 = A + B. n2 (3 people) is
    // hidden, and n4 with it in the neighbourhood relation; with n1, A and B published, n2 would be
    // A + B − n1. One more cell of that group must go.
    const responses = [
      ...repeat(6, () => response('n1', { q1: 4, q2: 4 }, 'vcse')),
      ...repeat(6, () => response('n1', { q1: 3, q2: 3 }, 'nhs-trust')),
      ...repeat(3, () => response('n2', { q1: 1, q2: 1 }, 'nhs-trust')),
      ...repeat(30, () => response('n3', { q1: 3, q2: 3 }, 'local-authority')),
      ...repeat(8, () => response('n4', { q1: 5, q2: 5 }, 'local-authority')),
    ];
    const config = {
      collaboration: {
        neighbourhoods: ['n1', 'n2', 'n3', 'n4'].map((id) => ({ id, name: id })),
        partners: (['vcse', 'nhs-trust', 'local-authority'] as const).map((sector) => ({
          id: `p-${sector}`,
          name: sector,
          sector,
        })),
        minGroupSize: 5,
        framework,
      },
      survey,
    };
    const accumulator = accumulateWave(config, 'w1', responses);

    const cells = publishWave(accumulator, 5, waveLabelsFor(config, {}));

    expect(accumulator.linkedGroups()).toHaveLength(2);
    const group = [
      find(cells, 'neighbourhood', 'n1', 'q1'),
      find(cells, 'neighbourhood', 'n2', 'q1'),
      find(cells, 'sector', 'vcse', 'q1'),
      find(cells, 'sector', 'nhs-trust', 'q1'),
    ];
    expect(group[1]?.suppressed).toBe(true);
    expect(group.filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(2);
  });

  it('property: exactly related rows share their fate, and every linked group is protected', () => {
    const answer = fc.oneof(
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 5 }) },
    );
    const sectors: Sector[] = ['local-authority', 'vcse', 'nhs-trust'];
    // Neighbourhoods mostly answer for one sector each (n % 3), now and then for any: the wave then
    // often splits into linked groups of neighbourhoods and sectors.
    const record = fc.record({
      n: fc.integer({ min: 0, max: 5 }),
      s: fc.oneof(
        { weight: 9, arbitrary: fc.constant(-1) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }) },
      ),
      q1: answer,
      q2: answer,
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), fc.integer({ min: 2, max: 6 }), (rows, min) => {
        const responses = rows.map((r) =>
          response(`n${r.n}`, { q1: r.q1, q2: r.q2 }, sectors[r.s < 0 ? r.n % 3 : r.s] as Sector),
        );
        const config = {
          collaboration: {
            neighbourhoods: [0, 1, 2, 3, 4, 5].map((i) => ({ id: `n${i}`, name: `n${i}` })),
            partners: sectors.map((sector) => ({ id: `p-${sector}`, name: sector, sector })),
            minGroupSize: min,
            framework,
          },
          survey,
        };
        const accumulator = accumulateWave(config, 'w1', responses);
        const raw: RawCell[] = accumulator.finish();
        const cells = publishWave(accumulator, min, waveLabelsFor(config, {}));
        const at = new Map(cells.map((c, i) => [coordinatesKey(c), i]));
        const rawOf = (c: Cell) => raw[at.get(coordinatesKey(c)) as number] as RawCell;

        for (const row of cells.filter((c) => c.question === null)) {
          const questions = cells.filter(
            (c) => c.dimension === row.dimension && c.segment === row.segment && c.question !== null,
          );
          if (questions.every((q) => rawOf(q).n === rawOf(row).n)) {
            for (const q of questions) expect(q.suppressed).toBe(row.suppressed);
          }
        }
        for (const group of accumulator.linkedGroups()) {
          for (const question of [null, 'q1', 'q2']) {
            const side = (refs: typeof group.left) =>
              refs.map((m) => find(cells, m.dimension, m.segment, question));
            const left = side(group.left).filter((c) => c.suppressed);
            const right = side(group.right).filter((c) => c.suppressed);
            const hidden = left.length + right.length;
            expect(hidden).not.toBe(1);
            const oneSide = left.length === 0 ? right : right.length === 0 ? left : null;
            if (hidden > 0 && oneSide) {
              expect(oneSide.reduce((sum, c) => sum + rawOf(c).n, 0)).toBeGreaterThanOrEqual(min);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
