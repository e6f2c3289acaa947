import { describe, expect, it } from 'vitest';
import { newcombeCi95, wilsonCi95, Z_975 } from '../../../lib/domain/aggregation/intervals.js';

// Source: R. G. Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
// methods" and "Interval estimation for the difference between independent proportions: comparison of
// eleven methods", Statistics in Medicine 17 (1998) 857–872 and 873–890. Table I of the first gives the
// Wilson (score) intervals; Table II of the second gives method 10 for the eight examples (a)–(h).

describe('Wilson score interval', () => {
  it('uses the normal 0.975 quantile, not a rounded 1.96', () => {
    expect(Z_975).toBeCloseTo(1.959964, 6);
  });

  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
  ])('%i/%i → %f to %f (Newcombe 1998, Table I)', (k, n, low, high) => {
    // act
    const interval = wilsonCi95(k / n, n);

    // assert
    expect(interval?.[0]).toBeCloseTo(low, 4);
    expect(interval?.[1]).toBeCloseTo(high, 4);
  });

  it('is exactly 0 at p = 0 and exactly 1 at p = 1, and null without trials', () => {
    expect(wilsonCi95(0, 20)?.[0]).toBe(0);
    expect(wilsonCi95(1, 29)?.[1]).toBe(1);
    expect(wilsonCi95(0, 0)).toBeNull();
  });
});

describe("Newcombe's hybrid score interval for a difference (method 10)", () => {
  it.each([
    ['a', 56, 70, 48, 80, 0.0524, 0.3339],
    ['b', 9, 10, 3, 10, 0.1705, 0.809],
    ['c', 6, 7, 2, 7, 0.0582, 0.8062],
    ['d', 5, 56, 0, 29, -0.0381, 0.1926],
    ['e', 0, 10, 0, 20, -0.1611, 0.2775],
    ['f', 0, 10, 0, 10, -0.2775, 0.2775],
    ['g', 10, 10, 0, 20, 0.6791, 1],
    ['h', 10, 10, 0, 10, 0.6075, 1],
  ])('example (%s): %i/%i − %i/%i → %f to %f (Newcombe 1998, Table II)', (_, k1, n1, k2, n2, low, high) => {
    // act
    const interval = newcombeCi95(k1 / n1, n1, k2 / n2, n2);

    // assert
    expect(interval?.[0]).toBeCloseTo(low, 4);
    expect(interval?.[1]).toBeCloseTo(high, 4);
  });

  it('is null when either side has no trials', () => {
    expect(newcombeCi95(0.5, 10, 0, 0)).toBeNull();
  });
});
