import type { BandThresholds } from './bands.js';
import { OVERALL, type RawCell } from './cell.js';
import { createTQuantileCache, describeScores } from './describe.js';
import type { Dimension } from './dimensions.js';
import type { SegmentCombinations } from './disclosure.js';
import { addInto, CHAR_STRIDE, characteristicMoments, Q_STRIDE, questionMoments } from './sums.js';

/**
 * An accumulator's sums per block (a combination of one segment of each dimension), read in place: the
 * typed arrays are the accumulator's own, so finishing copies nothing it does not add up.
 */
export interface BlockSums extends SegmentCombinations {
  waveId: string;
  /** Characteristic ids in framework order. */
  characteristics: readonly string[];
  /** The likert questions in survey order. */
  questions: readonly { id: string }[];
  /** Per question: the index of its characteristic. */
  questionCharacteristic: Int32Array;
  /** Per characteristic: the units of its score sums (see `ScoreMoments`). */
  scale: Float64Array;
  bands: BandThresholds;
  dimensions: readonly Dimension[];
  /** Per dimension: local segment index by name. */
  segmentIndex: readonly ReadonlyMap<string, number>[];
  /** Block b's characteristic sums start at b·C·CHAR_STRIDE (n, dontKnow, sum, sum of squares, favourable). */
  charStats: Float64Array;
  /** Block b's question counts start at b·Q·Q_STRIDE (dontKnow, then counts of 1…5). */
  questionStats: Float64Array;
}

interface Row {
  row: number;
  dimension: string;
  segment: string | null;
}

const codePointOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The cells before disclosure control, in table order: overall, then each dimension's segments (listed
 * ones first, in their order, then any others in code-point order); within a segment each
 * characteristic in framework order, its row first, then its questions in survey order.
 */
export const finishCells = (sums: BlockSums): RawCell[] => {
  const C = sums.characteristics.length;
  const Q = sums.questions.length;
  const { rows, charSums, questionSums, touched } = segmentSums(sums);
  const tQuantile = createTQuantileCache();
  const byCharacteristic = sums.characteristics.map((_, c) =>
    sums.questions.flatMap((q, i) => (sums.questionCharacteristic[i] === c ? [{ id: q.id, i }] : [])),
  );
  const cells: RawCell[] = [];
  for (const { row, dimension, segment } of rows) {
    const empty = touched[row] !== 1;
    sums.characteristics.forEach((characteristic, c) => {
      const where = { wave: sums.waveId, dimension, segment, characteristic, empty };
      const moments = characteristicMoments(charSums, (row * C + c) * CHAR_STRIDE, sums.scale[c] as number);
      cells.push({
        ...where,
        question: null,
        n: moments.n,
        dontKnow: moments.dontKnow,
        distribution: null,
        ...describeScores(moments, sums.bands, tQuantile),
      });
      for (const { id, i } of byCharacteristic[c] ?? []) {
        const { moments, distribution } = questionMoments(questionSums, (row * Q + i) * Q_STRIDE);
        cells.push({
          ...where,
          question: id,
          n: moments.n,
          dontKnow: moments.dontKnow,
          distribution,
          ...describeScores(moments, sums.bands, tQuantile),
        });
      }
    });
  }
  return cells;
};

/** Adds the blocks up into overall (row 0) and every segment of every dimension, in table order. */
const segmentSums = (
  sums: BlockSums,
): {
  rows: Row[];
  charSums: Float64Array;
  questionSums: Float64Array;
  /** 1 for rows that at least one response fell in. */
  touched: Uint8Array;
} => {
  const C = sums.characteristics.length;
  const Q = sums.questions.length;
  const D = sums.dimensions.length;
  const firstRow: number[] = [];
  let rowCount = 1;
  for (const names of sums.segmentNames) {
    firstRow.push(rowCount);
    rowCount += names.length;
  }
  const charSums = new Float64Array(rowCount * C * CHAR_STRIDE);
  const questionSums = new Float64Array(rowCount * Q * Q_STRIDE);
  const touched = new Uint8Array(rowCount);
  for (let b = 0; b < sums.blocks; b++) {
    const chars = sums.charStats.subarray(b * C * CHAR_STRIDE, (b + 1) * C * CHAR_STRIDE);
    const questions = sums.questionStats.subarray(b * Q * Q_STRIDE, (b + 1) * Q * Q_STRIDE);
    const targets = [0, ...firstRow.map((first, d) => first + (sums.blockSegments[b * D + d] as number))];
    for (const row of targets) {
      touched[row] = 1;
      addInto(charSums, row * C * CHAR_STRIDE, chars);
      addInto(questionSums, row * Q * Q_STRIDE, questions);
    }
  }
  const rows: Row[] = [{ row: 0, dimension: OVERALL, segment: null }];
  sums.dimensions.forEach((dimension, d) => {
    const names = sums.segmentNames[d] as readonly string[];
    const listed = names.slice(0, new Set(dimension.segments ?? []).size);
    const others = names.slice(listed.length).sort(codePointOrder);
    for (const segment of [...listed, ...others]) {
      const local = (sums.segmentIndex[d] as ReadonlyMap<string, number>).get(segment) as number;
      rows.push({ row: (firstRow[d] as number) + local, dimension: dimension.name, segment });
    }
  });
  return { rows, charSums, questionSums, touched };
};
