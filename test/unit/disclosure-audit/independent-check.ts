/**
 * An audit written apart from the production one (lib/domain/disclosure-audit), for tests: from the
 * published cells alone, plus what an insider knows (how many respondents of each neighbourhood ×
 * sector gave a score), can any hidden sensitive cell's score sum be narrowed below n wide, or can its
 * members be proven to have answered as one?
 *
 * It differs from production on purpose: it reads the published `UnlabelledCell`s (mean, sd, favourable,
 * distribution), writes CPLEX LP text, and solves every question as a MIP in whole counts (HiGHS's
 * one-shot text API). It handles surveys with one question per characteristic, where a characteristic
 * row's score is the answer itself.
 */
import type { UnlabelledCell } from '../../../lib/domain/aggregation/index.js';
import type { ResponseRecord } from '../../../lib/domain/response.js';

type Highs = Awaited<ReturnType<typeof import('highs')['default']>>;

export interface Violation {
  cell: string;
  problem: string;
}

const blockOf = (r: ResponseRecord) => `${r.neighbourhoodId}|${r.sector}`;
const inCell = (cell: UnlabelledCell, block: string) => {
  const [neighbourhood, sector] = block.split('|');
  return (
    cell.dimension === 'overall' ||
    (cell.dimension === 'neighbourhood' ? neighbourhood : sector) === cell.segment
  );
};

export const independentViolations = (
  highs: Highs,
  input: {
    responses: readonly ResponseRecord[];
    /** characteristic id → its only question id */
    questionOf: Record<string, string>;
    cells: readonly UnlabelledCell[];
    minGroupSize: number;
  },
): Violation[] => {
  const violations: Violation[] = [];
  for (const [characteristic, question] of Object.entries(input.questionOf)) {
    // Truth, per block: counts of 1…5.
    const truth = new Map<string, number[]>();
    for (const r of input.responses) {
      const v = r.answers[question];
      if (typeof v !== 'number') continue;
      const counts = truth.get(blockOf(r)) ?? [0, 0, 0, 0, 0];
      counts[v - 1] = (counts[v - 1] as number) + 1;
      truth.set(blockOf(r), counts);
    }
    const blocks = [...truth.keys()];
    const name = (b: number, v: number) => `x${b}_${v}`;
    const constraints: string[] = [];
    const bounds: string[] = [];
    const generals: string[] = [];
    blocks.forEach((block, b) => {
      const n = (truth.get(block) as number[]).reduce((a, c) => a + c, 0);
      constraints.push(`${[1, 2, 3, 4, 5].map((v) => name(b, v)).join(' + ')} = ${n}`);
      for (let v = 1; v <= 5; v++) {
        bounds.push(`0 <= ${name(b, v)} <= ${n}`);
        generals.push(name(b, v));
      }
    });
    const cells = input.cells.filter((c) => c.characteristic === characteristic);
    const blocksIn = (cell: UnlabelledCell) => blocks.flatMap((block, b) => (inCell(cell, block) ? [b] : []));
    const weighted = (cell: UnlabelledCell, weight: (v: number) => number) =>
      blocksIn(cell)
        .flatMap((b) =>
          [1, 2, 3, 4, 5].filter((v) => weight(v) !== 0).map((v) => `${weight(v)} ${name(b, v)}`),
        )
        .join(' + ');
    for (const cell of cells) {
      if (cell.suppressed || !cell.n) continue;
      if (blocksIn(cell).length === 0) continue;
      if (cell.distribution) {
        for (let v = 1; v <= 5; v++)
          constraints.push(`${weighted(cell, (w) => (w === v ? 1 : 0))} = ${cell.distribution[v - 1]}`);
      } else {
        // A characteristic row: its n × mean, its sum of squares from sd, its favourable count.
        const n = cell.n;
        const mean = cell.mean as number;
        const squares = (n - 1) * (cell.sd ?? 0) ** 2 + n * mean * mean;
        constraints.push(
          `${weighted(cell, (v) => v)} >= ${n * mean - 1e-6}`,
          `${weighted(cell, (v) => v)} <= ${n * mean + 1e-6}`,
        );
        constraints.push(
          `${weighted(cell, (v) => v * v)} >= ${squares - 1e-6}`,
          `${weighted(cell, (v) => v * v)} <= ${squares + 1e-6}`,
        );
        constraints.push(
          `${weighted(cell, (v) => (v >= 4 ? 1 : 0))} = ${Math.round((cell.favourable as number) * n)}`,
        );
      }
    }
    const solve = (sense: 'Minimize' | 'Maximize', objective: string): number => {
      const lp = [
        sense,
        ` obj: ${objective}`,
        'Subject To',
        ...constraints.map((c, i) => ` c${i}: ${c}`),
        'Bounds',
        ...bounds.map((b) => ` ${b}`),
        'General',
        ` ${generals.join(' ')}`,
        'End',
      ].join('\n');
      const result = highs.solve(lp, { output_flag: false });
      if (result.Status !== 'Optimal') throw new Error(`independent check: ${result.Status}`);
      return result.ObjectiveValue;
    };
    for (const cell of cells) {
      if (!cell.suppressed || cell.question === null) continue;
      const inside = blocksIn(cell);
      const counts = [0, 0, 0, 0, 0];
      for (const b of inside) {
        (truth.get(blocks[b] as string) as number[]).forEach((c, v) => {
          counts[v] = (counts[v] as number) + c;
        });
      }
      const n = counts.reduce((a, c) => a + c, 0);
      if (n === 0 || n >= input.minGroupSize) continue;
      // A published cell of the same question containing it that shows everyone's answer is its own disclosure.
      const shown = cells.some(
        (outer) =>
          !outer.suppressed &&
          outer.distribution &&
          outer.n &&
          outer.distribution.some((c) => c === outer.n) &&
          inside.every((b) => blocksIn(outer).includes(b)),
      );
      if (shown) continue;
      const label = `${cell.dimension}:${cell.segment}:${cell.question}`;
      const objective = weighted(cell, (v) => v);
      const width = solve('Maximize', objective) - solve('Minimize', objective);
      if (width < n - 1e-6) violations.push({ cell: label, problem: `score sum range ${width} < n ${n}` });
      counts.forEach((c, v) => {
        if (c !== n) return;
        const least = solve(
          'Minimize',
          weighted(cell, (w) => (w === v + 1 ? 1 : 0)),
        );
        if (least > n - 0.5) violations.push({ cell: label, problem: `everyone provably answered ${v + 1}` });
      });
    }
  }
  return violations;
};
