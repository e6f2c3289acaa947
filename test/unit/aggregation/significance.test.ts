import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, welchTest } from '../../../lib/domain/aggregation/significance.js';

const summary = (xs: number[]) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance, n: xs.length };
};

describe("Welch's t-test", () => {
  it("reproduces R's t.test(extra ~ group, data = sleep)", () => {
    // prepare: Student's (Cushny & Peebles) sleep data as shipped with R, `datasets::sleep`. R 4.x prints
    // t = -1.8608, df = 17.776, p-value = 0.07939; scipy.stats.ttest_ind(equal_var=False) agrees
    // (t = -1.860813, df = 17.776474, p = 0.0793941).
    const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

    // act
    const result = welchTest(summary(drug1), summary(drug2));

    // assert
    expect(result?.t).toBeCloseTo(-1.860813, 5);
    expect(result?.df).toBeCloseTo(17.776474, 5);
    expect(result?.pValue).toBeCloseTo(0.0793941, 6);
  });

  it('is symmetric in the order of the samples', () => {
    const a = { mean: 3.4, variance: 1.1, n: 40 };
    const b = { mean: 3.1, variance: 0.7, n: 25 };
    expect(welchTest(a, b)?.pValue).toBeCloseTo(welchTest(b, a)?.pValue ?? Number.NaN, 12);
  });

  it('is null when it is undefined: no spread on either side, or fewer than two scores', () => {
    expect(welchTest({ mean: 4, variance: 0, n: 10 }, { mean: 5, variance: 0, n: 10 })).toBeNull();
    expect(welchTest({ mean: 4, variance: 1, n: 1 }, { mean: 5, variance: 1, n: 10 })).toBeNull();
  });

  it('still works when only one side has spread', () => {
    const result = welchTest({ mean: 4, variance: 0, n: 10 }, { mean: 3, variance: 1, n: 10 });
    expect(result?.df).toBeCloseTo(9, 12);
    expect(result?.pValue).toBeGreaterThan(0);
    expect(result?.pValue).toBeLessThan(0.05);
  });
});

describe('Benjamini–Hochberg', () => {
  it('reproduces the classic example of Benjamini & Hochberg (1995) and R p.adjust(method = "BH")', () => {
    // prepare: the 15 p-values of B&H 1995, section 4.
    const p = [
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
      0.759, 1,
    ];
    // By hand, q(i) = min over j ≥ i of p(j)·15/j:
    //   p·15/j = 0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.0695, 0.0638571, 0.0645, 0.0765,
    //            0.486, 0.5811818, 0.714875, 0.7532308, 0.8132143, 1
    //   running minimum from the end replaces 0.0695 (j = 6) by 0.0638571 (j = 7); all else stays.
    const expected = [
      0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.0638571, 0.0638571, 0.0645, 0.0765, 0.486, 0.5811818,
      0.714875, 0.7532308, 0.8132143, 1,
    ];

    // act
    const q = benjaminiHochberg(p);

    // assert
    for (const [i, value] of q.entries()) expect(value).toBeCloseTo(expected[i] as number, 7);
    expect(q.filter((value) => value <= 0.05)).toHaveLength(4);
  });

  it('keeps the input order, caps at 1 and handles ties and an empty list', () => {
    expect(benjaminiHochberg([0.04, 0.01, 0.03])).toEqual([0.04, 0.03, 0.04]);
    expect(benjaminiHochberg([0.9, 0.9])).toEqual([0.9, 0.9]);
    expect(benjaminiHochberg([0.8, 0.6])).toEqual([0.8, 0.8]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(Math.max(...benjaminiHochberg([0.7, 0.9, 0.99]))).toBeLessThanOrEqual(1);
  });
});
