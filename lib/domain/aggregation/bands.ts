import type { Band } from './cell.js';

/** Where the bands start, on the 1–5 scale: `strength` from `strength`, `borderline` from `borderline`. */
export interface BandThresholds {
  strength: number;
  borderline: number;
}

export const DEFAULT_BANDS: BandThresholds = { strength: 4, borderline: 3 };

/** The band of an unrounded mean (a mean of 3.996 is borderline even if it is shown as 4.0). */
export const bandOf = (mean: number | null, thresholds: BandThresholds = DEFAULT_BANDS): Band | null => {
  if (mean === null) return null;
  if (mean >= thresholds.strength) return 'strength';
  return mean >= thresholds.borderline ? 'borderline' : 'concern';
};

/** Throws when the thresholds are not ordered (`borderline ≤ strength`) or not finite. */
export const checkBandThresholds = (t: BandThresholds): BandThresholds => {
  if (!Number.isFinite(t.strength) || !Number.isFinite(t.borderline) || t.borderline > t.strength) {
    throw new RangeError(
      `Band thresholds must be finite with borderline ≤ strength (got ${JSON.stringify(t)})`,
    );
  }
  return t;
};
