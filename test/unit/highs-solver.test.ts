import { describe, expect, it, vi } from 'vitest';
import { loadHighsSolver } from '../../lib/app/highs-solver.js';
import { type LinearProgram, LpSolverCrashed } from '../../lib/domain/disclosure-audit/index.js';

/**
 * HiGHS in WebAssembly, with its crossover made to trap the way it has been seen to ("memory access
 * out of bounds"): a trap means the instance's memory can no longer be trusted, whichever call it
 * came from.
 */
const faults = vi.hoisted(() => ({ crossoverTraps: false }));
vi.mock('highs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('highs')>();
  const bound = <T extends object>(target: T, property: PropertyKey) => {
    const value = Reflect.get(target, property, target);
    return typeof value === 'function' ? value.bind(target) : value;
  };
  const trap = () => {
    throw Object.assign(new Error('memory access out of bounds'), { name: 'RuntimeError' });
  };
  return {
    ...actual,
    default: async (...args: Parameters<typeof actual.default>) =>
      new Proxy(await actual.default(...args), {
        get: (highs, property) =>
          property === 'createModel'
            ? (...modelArgs: Parameters<typeof highs.createModel>) =>
                new Proxy(highs.createModel(...modelArgs), {
                  get: (model, name) =>
                    name === 'crossover' && faults.crossoverTraps ? trap : bound(model, name),
                })
            : bound(highs, property),
      }),
  };
});

/** 0 ≤ x, y ≤ 4 with x + y = 4, starting from the feasible point (1, 3). */
const program: LinearProgram = {
  columns: [
    { lower: 0, upper: 4, integer: false },
    { lower: 0, upper: 4, integer: false },
  ],
  rows: [{ lower: 4, upper: 4, columns: [0, 1], coefficients: [1, 1] }],
  start: [1, 3],
};
const x = { columns: [0], coefficients: [1] };

describe('the HiGHS solver', () => {
  it('warm-starts a programme from its feasible point and solves it', async () => {
    faults.crossoverTraps = false;
    const { solver, crashed } = await loadHighsSolver();
    const session = solver(program);
    expect(session.maximise(x)).toBeCloseTo(4);
    expect(session.minimise(x)).toBeCloseTo(0);
    session.close();
    expect(crashed()).toBe(false);
  });

  it('is not used again once its crossover has trapped: nothing computed on that engine can be trusted', async () => {
    faults.crossoverTraps = true;
    const { solver, crashed } = await loadHighsSolver();
    const session = solver(program);
    expect(() => session.maximise(x)).toThrow(LpSolverCrashed);
    expect(crashed()).toBe(true);
    // Every later programme on that engine is refused too, so the audit runs again on a fresh one.
    expect(() => solver(program).minimise(x)).toThrow(LpSolverCrashed);
    session.close();
    faults.crossoverTraps = false;
  });

  it('answers nothing for a solve cut short by its time limit, which the audit takes as unprotected', async () => {
    faults.crossoverTraps = false;
    const { solver } = await loadHighsSolver({ timeLimitSeconds: 1e-9 });
    // An equality knapsack with whole solutions that presolve does not settle.
    const size = 40;
    const hard: LinearProgram = {
      columns: Array.from({ length: size }, () => ({ lower: 0, upper: 10, integer: true })),
      rows: [
        {
          lower: 2 * 1_001,
          upper: 2 * 1_001,
          columns: Array.from({ length: size }, (_, i) => i),
          coefficients: Array.from({ length: size }, (_, i) => 2 * (3 + ((i * 7) % 11))),
        },
      ],
    };
    const session = solver(hard);
    expect(session.maximise(x, { integer: true })).toBeUndefined();
    session.close();
    // The same programme with time to spare has an answer: it was the limit, not the programme.
    const unhurried = (await loadHighsSolver()).solver(hard);
    expect(unhurried.maximise(x, { integer: true })).toBe(10);
    unhurried.close();
  });
});
