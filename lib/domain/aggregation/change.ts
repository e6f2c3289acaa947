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
 * Multiplicity: p-values are adjusted by Benjamini–Hochberg within each family (one wave × one dimension
 * × one level, see `families.ts`), and `significant` uses the adjusted `qValue`.
 *
 * What counts as the same cell: a question row compares only with a wave that asked the same question
 * id with the same text (a reworded question is a new question). A characteristic row compares even
 * when its items changed, and says so in `itemsChanged`.
 */
import { type Cell, type CellChange, coordinatesKey, OVERALL } from './cell.js';
import { FDR, qValuesByFamily } from './families.js';
import { newcombeCi95 } from './intervals.js';
import { welchTest } from './significance.js';

type Published = Cell & { n: number; mean: number; sd: number; favourable: number };

const isComparable = (c: Cell): c is Published =>
  !c.suppressed && c.n !== null && c.n > 0 && c.mean !== null && c.sd !== null && c.favourable !== null;

/** The change from `previous` to `current` before the family's adjustment (`qValue`, `significant`). */
export const changeBetween = (
  current: Cell,
  previous: Cell,
): Omit<CellChange, 'qValue' | 'significant' | 'itemsChanged'> | null => {
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

/** Same coordinates, and for a question the same text. */
const comparisonKey = (c: Cell): string =>
  c.question === null ? coordinatesKey(c) : JSON.stringify([coordinatesKey(c), c.questionText]);

/** Each characteristic's items (id and text) as one wave asked them, read off its overall question rows. */
const itemsOf = (cells: readonly Cell[]): Map<string, string> => {
  const items = new Map<string, [string, string | null][]>();
  for (const c of cells) {
    if (c.dimension !== OVERALL || c.question === null) continue;
    const list = items.get(c.characteristic) ?? [];
    list.push([c.question, c.questionText]);
    items.set(c.characteristic, list);
  }
  return new Map(
    [...items].map(([characteristic, list]) => [
      characteristic,
      JSON.stringify(list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    ]),
  );
};

/** What later waves compare with: the latest published cell per key, and each wave's items. */
export interface PublishedHistory {
  latest: Map<string, Cell>;
  items: Map<string, Map<string, string>>;
}

export const emptyHistory = (): PublishedHistory => ({ latest: new Map(), items: new Map() });

/** Adds one wave's published cells to the history (after its own changes were computed). */
export const rememberWave = (history: PublishedHistory, cells: readonly Cell[]): void => {
  const wave = cells[0]?.wave;
  if (wave !== undefined) history.items.set(wave, itemsOf(cells));
  for (const cell of cells) if (isComparable(cell)) history.latest.set(comparisonKey(cell), cell);
};

/**
 * Fills in `change` on one wave's cells against the waves already in `history` (all earlier), with
 * q-values adjusted within each family. Returns new cells in the same order.
 */
export const changesFor = (history: PublishedHistory, cells: readonly Cell[]): Cell[] => {
  const items = itemsOf(cells);
  const drafts = cells.map((cell) => {
    const previous = cell.suppressed ? undefined : history.latest.get(comparisonKey(cell));
    const draft = previous ? changeBetween(cell, previous) : null;
    if (!draft || !previous) return null;
    const itemsChanged =
      cell.question === null &&
      history.items.get(previous.wave)?.get(cell.characteristic) !== items.get(cell.characteristic);
    return { ...draft, itemsChanged };
  });
  const q = qValuesByFamily(cells, (i) => drafts[i]?.pValue);
  return cells.map((cell, i) => {
    const draft = drafts[i];
    if (!draft) return { ...cell, change: null };
    const qValue = q.get(i) ?? null;
    const { itemsChanged, ...rest } = draft;
    return {
      ...cell,
      change: { ...rest, qValue, significant: qValue !== null && qValue <= FDR, itemsChanged },
    };
  });
};
