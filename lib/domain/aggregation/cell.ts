import * as z from 'zod';

/**
 * The published cell: one row per closed wave × dimension × segment × characteristic, and per question.
 * Field names are part of the public contract (snapshots, CSV, Parquet, the aggregates API): add, never rename.
 *
 * Every number is finite or null (zod 4's `z.number()` already rejects NaN and ±Infinity); a statistic that
 * cannot be computed (no respondents, an sd from one score, …) is null. Nothing here is rounded.
 *
 * A suppressed cell (privacy rule 5) has *every* statistic null, `n` and `dontKnow` included: publishing
 * `n` would tell a reader that, say, exactly two people in a neighbourhood answered, which is what
 * suppression exists to hide, and `n` would also undo secondary suppression by difference from the total.
 */

export const OVERALL = 'overall';

/** A closed interval `[low, high]`. */
export const intervalSchema = z.tuple([z.number(), z.number()]);
export type Interval = z.infer<typeof intervalSchema>;

export const BANDS = ['strength', 'borderline', 'concern'] as const;
export const bandSchema = z.enum(BANDS);
export type Band = z.infer<typeof bandSchema>;

const proportion = z.number().min(0).max(1);
const count = z.int().min(0);

/** How a published cell moved since the latest earlier closed wave in which the same cell was published. */
export const cellChangeSchema = z.object({
  fromWave: z.string(),
  /** This wave's mean minus `fromWave`'s. */
  meanDelta: z.number(),
  /** This wave's favourable share minus `fromWave`'s. */
  favourableDelta: z.number().min(-1).max(1),
  /** Newcombe's hybrid score interval (method 10) for the difference of the two favourable shares. */
  favourableDeltaCi95: intervalSchema.nullable(),
  /** Welch's two-sided t-test on the scores; null when both waves have zero variance. */
  pValue: proportion.nullable(),
  /**
   * Benjamini–Hochberg adjusted p-value within its family: the wave's changes of one dimension and one
   * level (characteristic rows, or question rows).
   */
  qValue: proportion.nullable(),
  /** `qValue ≤ 0.05`. */
  significant: z.boolean(),
  /** Characteristic rows: the two waves asked different items (ids or texts) about it. False on question rows. */
  itemsChanged: z.boolean(),
});
export type CellChange = z.infer<typeof cellChangeSchema>;

/** How a published segment cell compares with everyone else in the same wave (overall minus the segment). */
export const vsRestSchema = z.object({
  /** The segment's mean minus the mean of everyone else in the wave. */
  meanDelta: z.number(),
  /** Welch's two-sided t-test of the segment against the rest; null when neither side has spread. */
  pValue: proportion.nullable(),
  /** Benjamini–Hochberg within its family: the wave's `vsRest` tests of one dimension and one level. */
  qValue: proportion.nullable(),
  /** `qValue ≤ 0.05`. */
  significant: z.boolean(),
});
export type VsRest = z.infer<typeof vsRestSchema>;

export const cellSchema = z.object({
  wave: z.string(),
  /** `overall` or a configured dimension name such as `neighbourhood` or `sector`. */
  dimension: z.string().min(1),
  /** The segment id within the dimension; null for `overall`. */
  segment: z.string().nullable(),
  characteristic: z.string(),
  /** The characteristic's name as the wave asked it. */
  characteristicName: z.string(),
  /** The question id; null on characteristic rows. */
  question: z.string().nullable(),
  /** The question's text as the wave asked it; null on characteristic rows. */
  questionText: z.string().nullable(),
  /** The segment's name (neighbourhood or sector name) when the wave was published; null for `overall`. */
  segmentName: z.string().nullable(),
  waveOpensAt: z.string(),
  waveClosesAt: z.string(),
  /** Respondents with a score (null when suppressed). */
  n: count.nullable(),
  /** Respondents who answered "don't know" (to all the characteristic's items on characteristic rows). */
  dontKnow: count.nullable(),
  /** Counts of answers 1..5 on question rows; null on characteristic rows and when suppressed. */
  distribution: z.tuple([count, count, count, count, count]).nullable(),
  mean: z.number().nullable(),
  /** Sample standard deviation (n − 1). */
  sd: z.number().min(0).nullable(),
  /** mean ± t(0.975, n − 1)·sd/√n. */
  ci95: intervalSchema.nullable(),
  /** Share of scores ≥ 4. */
  favourable: proportion.nullable(),
  /** Wilson score 95% interval for `favourable`. */
  favourableCi95: intervalSchema.nullable(),
  /** From the unrounded mean. */
  band: bandSchema.nullable(),
  /** Hidden by disclosure control; an *empty* segment (no responses in the wave) is n 0 and not suppressed. */
  suppressed: z.boolean(),
  change: cellChangeSchema.nullable(),
  /** Segment rows only: the segment against everyone else in the wave; null on overall rows. */
  vsRest: vsRestSchema.nullable(),
});
export type Cell = z.infer<typeof cellSchema>;

/** The labels a cell carries, fixed with the wave's publication. */
export type CellLabels = Pick<
  Cell,
  'characteristicName' | 'questionText' | 'segmentName' | 'waveOpensAt' | 'waveClosesAt'
>;
/** A cell after disclosure control, before labels and comparisons are attached. */
export type UnlabelledCell = Omit<Cell, keyof CellLabels | 'change' | 'vsRest'>;

/** Where a cell sits in the table: what identifies "the same cell" across waves. */
export type CellCoordinates = Pick<Cell, 'dimension' | 'segment' | 'characteristic' | 'question'>;

/**
 * A cell before disclosure control: every statistic computed, `n` and `dontKnow` always known.
 * It never leaves the process: only {@link Cell}s (after suppression) are published.
 */
export type RawCell = Omit<UnlabelledCell, 'n' | 'dontKnow' | 'suppressed'> & {
  n: number;
  dontKnow: number;
  /** The segment had no responses at all in the wave (rule 5: published as n 0, never hidden). */
  empty: boolean;
};

/** A string that identifies a cell's coordinates unambiguously (null and '' stay distinct). */
export const coordinatesKey = (c: CellCoordinates): string =>
  JSON.stringify([c.dimension, c.segment, c.characteristic, c.question]);
