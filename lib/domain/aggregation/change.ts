/**
 * `change`: how each published cell moved since the latest earlier closed wave in which the same cell
 * (same dimension, segment, characteristic and question) was published.
 *
 * It is computed from *published* cells only, never from raw sums: a change can then never rest on a
 * suppressed figure (rule 5: null unless both cells are published), and a closed wave's cached cells are
 * all that later waves need. A published cell carries everything required: n, mean, sd (variance = sd²)
 * and the favourable share (Wilson's interval takes the share and n, not a count).
 *
 * Independence: waves reuse the same links, so many respondents answer in both waves and the two
 * samples are positively correlated. Welch's test and Newcombe's interval assume independent samples;
 * with positive correlation the true variance of the difference is *smaller* than the independent-sample
 * variance used here, so p-values are too large and intervals too wide: the error is on the
 * conservative side (fewer changes flagged as significant). A paired analysis is impossible by design:
 * responses cannot be linked across waves (rule 2).
 *
 * Multiplicity: a wave has hundreds of cells, so p-values are adjusted by Benjamini–Hochberg over all
 * cells of the wave that have a change (and a p-value), and `significant` uses the adjusted `qValue`.
 */
import { type Cell, type CellChange, coordinatesKey } from './cell.js';
import { newcombeCi95 } from './intervals.js';
import { benjaminiHochberg, welchTest } from './significance.js';

/** One closed wave's published cells; waves are passed oldest first. */
export interface WaveCells {
  wave: string;
  cells: readonly Cell[];
}

const FDR = 0.05;

type Published = Cell & { n: number; mean: number; sd: number; favourable: number };

const isComparable = (c: Cell): c is Published =>
  !c.suppressed && c.n !== null && c.n > 0 && c.mean !== null && c.sd !== null && c.favourable !== null;

/** The change from `previous` to `current` before the wave-wide adjustment (`qValue`, `significant`). */
export const changeBetween = (
  current: Cell,
  previous: Cell,
): Omit<CellChange, 'qValue' | 'significant'> | null => {
  if (!isComparable(current) || !isComparable(previous)) return null;
  const welch = welchTest(
    { mean: current.mean, variance: current.sd ** 2, n: current.n },
    { mean: previous.mean, variance: previous.sd ** 2, n: previous.n },
  );
  return {
    fromWave: previous.wave,
    meanDelta: current.mean - previous.mean,
    favourableDelta: current.favourable - previous.favourable,
    favourableDeltaCi95: newcombeCi95(current.favourable, current.n, previous.favourable, previous.n),
    pValue: welch?.pValue ?? null,
  };
};

/**
 * Fills in `change` on every published cell of every wave (closed waves only, oldest first), comparing
 * with the latest earlier wave where the same cell was published, and adjusting p-values within each
 * wave. Returns new cells in the same order; the input is not modified.
 */
export const attachChanges = (waves: readonly WaveCells[]): Cell[][] => {
  const lastPublished = new Map<string, Cell>();
  return waves.map(({ cells }) => {
    const drafts = cells.map((cell) => {
      const previous = cell.suppressed ? undefined : lastPublished.get(coordinatesKey(cell));
      return previous ? changeBetween(cell, previous) : null;
    });
    // Update only after the whole wave is compared, so a wave never compares with itself.
    for (const cell of cells) if (isComparable(cell)) lastPublished.set(coordinatesKey(cell), cell);

    const tested = drafts.flatMap((d, i) => (d?.pValue != null ? [i] : []));
    const q = benjaminiHochberg(tested.map((i) => drafts[i]?.pValue as number));
    const qByCell = new Map(tested.map((cellIndex, k) => [cellIndex, q[k] as number]));
    return cells.map((cell, i) => {
      const draft = drafts[i];
      if (!draft) return { ...cell, change: null };
      const qValue = qByCell.get(i) ?? null;
      return { ...cell, change: { ...draft, qValue, significant: qValue !== null && qValue <= FDR } };
    });
  });
};
