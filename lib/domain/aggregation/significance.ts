import jstat from 'jstat';

const { jStat } = jstat;

/** What Welch's test needs from each sample: a published cell carries all three (variance = sd²). */
export interface SampleSummary {
  mean: number;
  variance: number;
  n: number;
}

export interface WelchResult {
  t: number;
  /** Welch–Satterthwaite degrees of freedom (not a whole number in general). */
  df: number;
  /** Two-sided. */
  pValue: number;
}

/**
 * Welch's unequal-variances t-test, two-sided. Null when it is undefined: a sample with fewer than two
 * scores, or both samples without spread (the standard error is 0, so t is 0/0 or ±∞).
 */
export const welchTest = (a: SampleSummary, b: SampleSummary): WelchResult | null => {
  if (a.n < 2 || b.n < 2) return null;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se2 = va + vb;
  if (!(se2 > 0)) return null;
  const t = (a.mean - b.mean) / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const pValue = Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(t), df));
  return Number.isFinite(pValue) ? { t, df, pValue } : null;
};

/**
 * Benjamini–Hochberg adjusted p-values (R's `p.adjust(p, "BH")`), in the order given:
 * q₍ᵢ₎ = min over j ≥ i of (m/j)·p₍ⱼ₎, capped at 1, where p₍₁₎ ≤ … ≤ p₍ₘ₎. The running minimum from the
 * largest p down is what makes the adjusted values monotone in p.
 */
export const benjaminiHochberg = (pValues: readonly number[]): number[] => {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((i, j) => (pValues[i] ?? 0) - (pValues[j] ?? 0));
  const q = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1] as number;
    running = Math.min(running, ((pValues[i] ?? 1) * m) / rank);
    q[i] = running;
  }
  return q;
};
