/**
 * The layout of the accumulator's flat Float64Arrays, and how its sums become {@link ScoreMoments}.
 * Block-major: block b's characteristic sums start at b·C·CHAR_STRIDE, its question bins at b·Q·Q_STRIDE.
 */
import type { ScoreMoments } from './describe.js';

export const CHAR_STRIDE = 5;
export const C_N = 0;
export const C_DONT_KNOW = 1;
/** Σ score·scale. */
export const C_SUM = 2;
/** Σ (score·scale)². */
export const C_SUM_SQUARES = 3;
export const C_FAVOURABLE = 4;
/** Bin 0 is "don't know", bins 1…5 the answers, so one increment records either. */
export const Q_STRIDE = 6;

export type Distribution = [number, number, number, number, number];

/** Above this, lcm(1…m) would make the squared sums lose integer exactness anyway: use plain scores. */
const MAX_SCALE = 2 ** 21;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The unit (1/scale) in which a characteristic with `items` questions keeps its scores: lcm(1…items),
 * so that any mean over 1…items answers is a whole number of units.
 */
export const scaleFor = (items: number): number => {
  let l = 1;
  for (let k = 2; k <= items; k++) l = (l / gcd(l, k)) * k;
  return l <= MAX_SCALE ? l : 1;
};

export const characteristicMoments = (stats: Float64Array, base: number, scale: number): ScoreMoments => ({
  n: stats[base + C_N] as number,
  dontKnow: stats[base + C_DONT_KNOW] as number,
  sum: stats[base + C_SUM] as number,
  sumSquares: stats[base + C_SUM_SQUARES] as number,
  favourable: stats[base + C_FAVOURABLE] as number,
  scale,
});

/** A question's moments follow exactly from its distribution: answers are whole numbers. */
export const questionMoments = (
  stats: Float64Array,
  base: number,
): { moments: ScoreMoments; distribution: Distribution } => {
  const distribution: Distribution = [0, 0, 0, 0, 0];
  const moments: ScoreMoments = {
    n: 0,
    dontKnow: stats[base] as number,
    sum: 0,
    sumSquares: 0,
    favourable: 0,
    scale: 1,
  };
  for (let k = 1; k <= 5; k++) {
    const count = stats[base + k] as number;
    distribution[k - 1] = count;
    moments.n += count;
    moments.sum += count * k;
    moments.sumSquares += count * k * k;
    if (k >= 4) moments.favourable += count;
  }
  return { moments, distribution };
};

/** target[offset + i] += values[i] for every i. */
export const addInto = (target: Float64Array, offset: number, values: ArrayLike<number>): void => {
  for (let i = 0; i < values.length; i++)
    target[offset + i] = (target[offset + i] as number) + (values[i] as number);
};
