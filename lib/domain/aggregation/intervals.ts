import jstat from 'jstat';
import type { Interval } from './cell.js';

const { jStat } = jstat;

/** The standard normal 0.975 quantile (≈ 1.959964), computed once rather than hard-coded as 1.96. */
export const Z_975: number = jStat.normal.inv(0.975, 0, 1);

/** Student's t 0.975 quantile with `df` degrees of freedom (t(0.975, 10) ≈ 2.228139). */
export const tQuantile975 = (df: number): number => jStat.studentt.inv(0.975, df);

/**
 * The t-based 95% interval for a mean, `mean ± t(0.975, n − 1)·sd/√n`; null when it cannot be computed
 * (fewer than two scores). `t` may be passed in when the caller caches quantiles by degrees of freedom.
 */
export const meanCi95 = (
  mean: number,
  sd: number,
  n: number,
  t: number = n >= 2 ? tQuantile975(n - 1) : Number.NaN,
): Interval | null => {
  if (n < 2) return null;
  const half = (t * sd) / Math.sqrt(n);
  return [mean - half, mean + half];
};

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * Wilson's score interval for a proportion `p` observed over `n` trials (Newcombe 1998, method 3).
 * Taking the share rather than a count lets it work from a published cell. Null when `n` is 0.
 */
export const wilsonCi95 = (p: number, n: number, z: number = Z_975): Interval | null => {
  if (!(n > 0)) return null;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n);
  const denominator = 1 + z2 / n;
  // The exact bounds at p = 0 and p = 1 are 0 and 1; float error could otherwise leave ±1e-17.
  return [
    p === 0 ? 0 : clamp01((centre - half) / denominator),
    p === 1 ? 1 : clamp01((centre + half) / denominator),
  ];
};

/**
 * Newcombe's hybrid score interval (1998, method 10) for `p1 − p2`, built from the two Wilson intervals:
 * `[d − √((p1 − l1)² + (u2 − p2)²), d + √((u1 − p1)² + (p2 − l2)²)]`. Null when either side has no trials.
 */
export const newcombeCi95 = (
  p1: number,
  n1: number,
  p2: number,
  n2: number,
  z: number = Z_975,
): Interval | null => {
  const w1 = wilsonCi95(p1, n1, z);
  const w2 = wilsonCi95(p2, n2, z);
  if (!w1 || !w2) return null;
  const [l1, u1] = w1;
  const [l2, u2] = w2;
  const d = p1 - p2;
  return [d - Math.hypot(p1 - l1, u2 - p2), d + Math.hypot(u1 - p1, p2 - l2)];
};
