import { type BandThresholds, bandOf, DEFAULT_BANDS } from './bands.js';
import type { RawCell } from './cell.js';
import { meanCi95, tQuantile975, wilsonCi95 } from './intervals.js';

/**
 * The sufficient statistics of one cell's scores. Scores are held in units of `1/scale` so that
 * characteristic scores (means over 1…m items) are whole numbers: with `scale` = lcm(1…m) the sums are
 * exact integers while they stay below 2⁵³, which makes the variance exact (and exactly 0 when every
 * score is equal) instead of suffering the cancellation of `Σx² − (Σx)²/n` in floating point.
 */
export interface ScoreMoments {
  n: number;
  dontKnow: number;
  /** Σ score·scale. */
  sum: number;
  /** Σ (score·scale)². */
  sumSquares: number;
  /** Respondents whose score is ≥ 4. */
  favourable: number;
  scale: number;
}

export type CellStatistics = Pick<RawCell, 'mean' | 'sd' | 'ci95' | 'favourable' | 'favourableCi95' | 'band'>;

/** Student's t quantiles memoised by degrees of freedom: many cells share an n, and jstat's inverse costs µs. */
export const createTQuantileCache = (): ((df: number) => number) => {
  const cache = new Map<number, number>();
  return (df) => {
    let t = cache.get(df);
    if (t === undefined) {
      t = tQuantile975(df);
      cache.set(df, t);
    }
    return t;
  };
};

/** mean, sd (n − 1), t interval, favourable share with its Wilson interval, and band; null where undefined. */
export const describeScores = (
  m: ScoreMoments,
  bands: BandThresholds = DEFAULT_BANDS,
  tQuantile: (df: number) => number = tQuantile975,
): CellStatistics => {
  const { n, sum, sumSquares, scale } = m;
  if (n === 0) {
    return { mean: null, sd: null, ci95: null, favourable: null, favourableCi95: null, band: null };
  }
  const mean = sum / scale / n;
  const favourable = m.favourable / n;
  let sd: number | null = null;
  if (n >= 2) {
    // n·Σx² − (Σx)² is exact for integer sums below 2⁵³; clamp the float noise beyond that at 0.
    const spread = Math.max(0, n * sumSquares - sum * sum);
    sd = Math.sqrt(spread / (n * (n - 1))) / scale;
  }
  return {
    mean,
    sd,
    ci95: sd === null ? null : meanCi95(mean, sd, n, tQuantile(n - 1)),
    favourable,
    favourableCi95: wilsonCi95(favourable, n),
    band: bandOf(mean, bands),
  };
};
