import { describe, expect, it } from 'vitest';
import {
  type AggregationConfig,
  type Cell,
  changesFor,
  emptyHistory,
  rememberWave,
  waveLabelsFor,
} from '../../../lib/domain/aggregation/index.js';
import { newcombeCi95 } from '../../../lib/domain/aggregation/intervals.js';
import { welchTest } from '../../../lib/domain/aggregation/significance.js';
import type { ResponseRecord } from '../../../lib/domain/response.js';
import {
  accumulateWave,
  aggregate,
  attachChanges,
  publishWave,
  type WaveInput,
} from '../../support/aggregate.js';

const config: AggregationConfig = {
  collaboration: {
    neighbourhoods: ['a', 'b', 'c'].map((id) => ({ id, name: id.toUpperCase() })),
    partners: [{ id: 'council', name: 'Council', sector: 'local-authority' }],
    minGroupSize: 5,
    framework: { characteristics: [{ id: 'purpose', name: 'Shared purpose', description: '' }] },
  },
  survey: { questions: [{ id: 'p1', characteristic: 'purpose', text: 'P1', type: 'likert5' }] },
};

/** `counts` respondents per neighbourhood; answers cycle through `scores`. */
const wave = (
  id: string,
  counts: Record<string, number>,
  scores: number[],
  status: WaveInput['status'] = 'closed',
) => {
  const responses: ResponseRecord[] = Object.entries(counts).flatMap(([neighbourhoodId, count]) =>
    Array.from({ length: count }, (_, i) => ({
      waveId: id,
      partnerId: 'council',
      neighbourhoodId,
      sector: 'local-authority' as const,
      day: '2026-11-10',
      answers: { p1: scores[i % scores.length] as number },
    })),
  );
  return { id, status, responses };
};

const cellOf = (
  cells: Cell[],
  waveId: string,
  dimension: string,
  segment: string | null,
  question: string | null,
) => {
  const cell = cells.find(
    (c) => c.wave === waveId && c.dimension === dimension && c.segment === segment && c.question === question,
  );
  if (!cell) throw new Error(`no cell ${waveId}/${dimension}/${segment}/${question}`);
  return cell;
};

describe('change between waves', () => {
  it('compares with the previous closed wave: deltas, Newcombe interval, Welch p-value', () => {
    // prepare
    const waves = [
      wave('w1', { a: 10, b: 10, c: 10 }, [2, 3, 2, 4, 1]),
      wave('w2', { a: 10, b: 10, c: 10 }, [4, 5, 4, 3]),
    ];

    // act
    const cells = aggregate({ ...config, waves });

    // assert
    const before = cellOf(cells, 'w1', 'overall', null, 'p1');
    const after = cellOf(cells, 'w2', 'overall', null, 'p1');
    expect(before.change).toBeNull();
    const change = after.change;
    expect(change?.fromWave).toBe('w1');
    expect(change?.meanDelta).toBeCloseTo((after.mean as number) - (before.mean as number), 12);
    expect(change?.favourableDelta).toBeCloseTo(
      (after.favourable as number) - (before.favourable as number),
      12,
    );
    expect(change?.favourableDeltaCi95).toEqual(
      newcombeCi95(after.favourable as number, 30, before.favourable as number, 30),
    );
    const welch = welchTest(
      { mean: after.mean as number, variance: (after.sd as number) ** 2, n: 30 },
      { mean: before.mean as number, variance: (before.sd as number) ** 2, n: 30 },
    );
    expect(change?.pValue).toBeCloseTo(welch?.pValue as number, 12);
    expect(change?.pValue).toBeLessThan(0.001);
    expect(change?.qValue).toBeGreaterThanOrEqual(change?.pValue as number);
    expect(change?.significant).toBe(true);
  });

  it('is null where the current or the previous cell is hidden, and skips back over a hidden wave', () => {
    // prepare: neighbourhood c shrinks to 2 in w2 (so b, the smallest other, is hidden with it) and recovers
    const waves = [
      wave('w1', { a: 10, b: 9, c: 6 }, [3, 4]),
      wave('w2', { a: 10, b: 9, c: 2 }, [3, 4]),
      wave('w3', { a: 10, b: 9, c: 7 }, [4, 5]),
    ];

    // act
    const cells = aggregate({ ...config, waves });

    // assert
    expect(cellOf(cells, 'w2', 'neighbourhood', 'c', 'p1')).toMatchObject({ suppressed: true, change: null });
    expect(cellOf(cells, 'w2', 'neighbourhood', 'b', 'p1')).toMatchObject({ suppressed: true, change: null });
    expect(cellOf(cells, 'w2', 'neighbourhood', 'a', 'p1').change?.fromWave).toBe('w1');
    expect(cellOf(cells, 'w3', 'neighbourhood', 'a', 'p1').change?.fromWave).toBe('w2');
    expect(cellOf(cells, 'w3', 'neighbourhood', 'c', 'p1').change?.fromWave).toBe('w1');
    expect(cellOf(cells, 'w3', 'neighbourhood', 'b', 'p1').change?.fromWave).toBe('w1');
  });

  it('is null when the only earlier publication of the cell was suppressed', () => {
    // prepare: c is too small in w1
    const waves = [wave('w1', { a: 10, b: 9, c: 3 }, [3, 4]), wave('w2', { a: 10, b: 9, c: 8 }, [3, 4])];

    // act
    const cells = aggregate({ ...config, waves });

    // assert
    expect(cellOf(cells, 'w1', 'neighbourhood', 'c', 'p1').suppressed).toBe(true);
    expect(cellOf(cells, 'w2', 'neighbourhood', 'c', 'p1')).toMatchObject({
      suppressed: false,
      change: null,
    });
  });

  it('ignores open waves: they neither publish nor serve as the earlier wave', () => {
    // prepare
    const waves = [
      wave('w1', { a: 10, b: 10, c: 10 }, [2, 3]),
      wave('w2', { a: 10, b: 10, c: 10 }, [5], 'open'),
      wave('w3', { a: 10, b: 10, c: 10 }, [3, 4]),
    ];

    // act
    const cells = aggregate({ ...config, waves });

    // assert
    expect(cells.some((c) => c.wave === 'w2')).toBe(false);
    expect(cellOf(cells, 'w3', 'overall', null, null).change?.fromWave).toBe('w1');
  });

  // Contract change (DESIGN "Significance families", issue 7): BH used to run over every cell of a
  // wave at once; it now runs within one wave × one dimension × one level.
  it('adjusts p-values with Benjamini–Hochberg within each family: wave × dimension × level', () => {
    // prepare
    const waves = [
      wave('w1', { a: 10, b: 12, c: 14 }, [2, 3, 4]),
      wave('w2', { a: 10, b: 12, c: 14 }, [3, 4, 5, 3]),
    ];

    // act
    const changed = aggregate({ ...config, waves }).filter(
      (c) => c.wave === 'w2' && c.change?.pValue != null,
    );

    // assert: q(i) = min over j ≥ i of p(j)·m/j, m the size of the cell's family
    expect(changed.length).toBe(10); // (overall, 3 neighbourhoods, 1 sector) × (characteristic, question)
    const families = new Map<string, Cell[]>();
    for (const c of changed) {
      const key = `${c.dimension}|${c.question === null}`;
      families.set(key, [...(families.get(key) ?? []), c]);
    }
    expect(families.size).toBe(6);
    for (const family of families.values()) {
      const m = family.length;
      const sorted = family
        .map((c) => c.change as NonNullable<Cell['change']>)
        .sort((x, y) => (x.pValue as number) - (y.pValue as number));
      sorted.forEach((c, i) => {
        const expected = Math.min(
          1,
          ...sorted.slice(i).map((d, j) => ((d.pValue as number) * m) / (i + j + 1)),
        );
        expect(c.qValue).toBeCloseTo(expected, 12);
        expect(c.significant).toBe((c.qValue as number) <= 0.05);
      });
    }
    // A family of one: q = p.
    const overall = changed.find((c) => c.dimension === 'overall' && c.question === null)?.change;
    expect(overall?.qValue).toBe(overall?.pValue);
  });

  it('gives a null p-value (and q-value) when neither wave has any spread', () => {
    // prepare
    const waves = [wave('w1', { a: 10, b: 10, c: 10 }, [4]), wave('w2', { a: 10, b: 10, c: 10 }, [5])];

    // act
    const change = cellOf(aggregate({ ...config, waves }), 'w2', 'overall', null, 'p1').change;

    // assert
    expect(change).toMatchObject({
      fromWave: 'w1',
      meanDelta: 1,
      favourableDelta: 0,
      pValue: null,
      qValue: null,
    });
    expect(change?.significant).toBe(false);
  });

  it('gives the same result against a closed wave’s frozen cells as from all the responses', () => {
    // prepare: w1 published earlier and frozen, as the job keeps it
    const w1 = wave('w1', { a: 10, b: 10, c: 10 }, [2, 3, 4]);
    const w2 = wave('w2', { a: 10, b: 10, c: 10 }, [3, 4, 5]);
    const fresh = aggregate({ ...config, waves: [w1, w2] });
    const history = emptyHistory();
    rememberWave(
      history,
      fresh.filter((c) => c.wave === 'w1'),
    );

    // act: w2 published now, as the job does
    const published = publishWave(
      accumulateWave(config, 'w2', w2.responses),
      config.collaboration.minGroupSize,
      waveLabelsFor(config, {}),
    );
    const again = changesFor(history, published);

    // assert
    expect(again).toEqual(fresh.filter((c) => c.wave === 'w2'));
  });

  it('does not modify the cells it is given', () => {
    // prepare
    const [w1, w2] = [wave('w1', { a: 10 }, [2, 3]), wave('w2', { a: 10 }, [4, 5])];
    const cells = aggregate({ ...config, waves: [w1, w2] }).map((c) => ({ ...c, change: null }));
    const copy = structuredClone(cells);

    // act
    attachChanges([
      { wave: 'w1', cells: cells.filter((c) => c.wave === 'w1') },
      { wave: 'w2', cells: cells.filter((c) => c.wave === 'w2') },
    ]);

    // assert
    expect(cells).toEqual(copy);
  });
});
