import type { Cell, CellLabels, UnlabelledCell } from './cell.js';

/** What a wave's cells are labelled with: names as the wave asked them, fixed with its publication. */
export interface WaveLabels {
  opensAt: string;
  closesAt: string;
  /** Characteristic names by id (falls back to the id for one the wave did not name). */
  characteristicNames: ReadonlyMap<string, string>;
  /** Question texts by id, as asked in the wave. */
  questionTexts: ReadonlyMap<string, string>;
  /** A segment's display name (neighbourhood or sector name). */
  segmentName: (dimension: string, segment: string) => string;
}

/**
 * Adds the labels to one wave's published cells, with `change` and `vsRest` still null. Keys are
 * printed in a reading order (where, what, then the figures) so `latest.json` reads top to bottom.
 */
export const labelCells = (cells: readonly UnlabelledCell[], labels: WaveLabels): Cell[] =>
  cells.map((cell) => {
    const { wave, dimension, segment, characteristic, question, ...figures } = cell;
    const names: CellLabels = {
      waveOpensAt: labels.opensAt,
      waveClosesAt: labels.closesAt,
      segmentName: segment === null ? null : labels.segmentName(dimension, segment),
      characteristicName: labels.characteristicNames.get(characteristic) ?? characteristic,
      questionText: question === null ? null : (labels.questionTexts.get(question) ?? question),
    };
    return {
      wave,
      waveOpensAt: names.waveOpensAt,
      waveClosesAt: names.waveClosesAt,
      dimension,
      segment,
      segmentName: names.segmentName,
      characteristic,
      characteristicName: names.characteristicName,
      question,
      questionText: names.questionText,
      ...figures,
      change: null,
      vsRest: null,
    };
  });
