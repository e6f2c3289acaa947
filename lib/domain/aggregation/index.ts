/**
 * The aggregation core: responses in, published cells out. Pure and synchronous (no I/O, nothing awaits):
 * the scheduled job (lib/app/compute-snapshot.ts) reads the stores and strings these steps together:
 *
 * 1. accumulate each closed wave (`createWaveAccumulator` + `add`, `merge` when shards are read in
 *    parallel);
 * 2. finish and choose the hidden cells: the disclosure audit (lib/domain/disclosure-audit,
 *    `publishAuditedWave`) starts from the per-relation rule's pattern (`hiddenCells`) and publishes
 *    each cell with `publishCell`;
 * 3. label and compare with the rest, per wave (`labelCells`, `attachVsRest`);
 * 4. attach `change` to each newly published wave against the earlier waves' frozen cells, oldest
 *    first (`changesFor`, then `rememberWave`).
 *
 * Open and scheduled waves produce no cells (rule 4): their participation figures are computed
 * elsewhere. Nothing is rounded here; every number is finite or null.
 */
import type { Collaboration } from '../collaboration.js';
import { likertQuestions, type Survey } from '../survey.js';
import type { WaveSpec } from './accumulate.js';
import type { BandThresholds } from './bands.js';
import { type Dimension, defaultDimensions, segmentNamesFor } from './dimensions.js';
import type { WaveLabels } from './labels.js';

export {
  type AccumulatorState,
  createWaveAccumulator,
  type LikertItem,
  WaveAccumulator,
  type WaveSpec,
} from './accumulate.js';
export { type BandThresholds, bandOf, DEFAULT_BANDS } from './bands.js';
export {
  BANDS,
  type Band,
  bandSchema,
  type Cell,
  type CellChange,
  type CellCoordinates,
  cellChangeSchema,
  cellSchema,
  coordinatesKey,
  type Interval,
  intervalSchema,
  OVERALL,
  type RawCell,
  type UnlabelledCell,
  type VsRest,
  vsRestSchema,
} from './cell.js';
export {
  changeBetween,
  changesFor,
  emptyHistory,
  type PublishedHistory,
  rememberWave,
} from './change.js';
export {
  DIMENSION_NAMES,
  type Dimension,
  type DimensionName,
  defaultDimensions,
  dimensionsFor,
  NEIGHBOURHOOD_DIMENSION,
  SECTOR_DIMENSION,
  segmentNamesFor,
} from './dimensions.js';
export { hiddenCells, type LinkedGroup, publishCell } from './disclosure.js';
export { labelCells, type WaveLabels } from './labels.js';
export { attachVsRest, vsRestBetween } from './vs-rest.js';

/** What cells are computed against: the collaboration's framework, segments and threshold, and the survey. */
export interface AggregationConfig {
  collaboration: Pick<Collaboration, 'neighbourhoods' | 'partners' | 'minGroupSize' | 'framework'>;
  /** The survey as the wave asked it (its version): questions with their texts. */
  survey: Pick<Survey, 'questions'>;
  /** Defaults to `defaultDimensions(collaboration)`: neighbourhoods and the sectors of its partners. */
  dimensions?: readonly Dimension[];
  /** Defaults to strength ≥ 4, borderline ≥ 3. */
  bands?: BandThresholds;
}

/**
 * The accumulator spec for one wave of a survey: its likert questions, and only the characteristics
 * they ask about (in framework order) — a characteristic the wave did not ask about gets no rows.
 */
export const waveSpecFor = (config: AggregationConfig, waveId: string): WaveSpec => {
  const questions = likertQuestions(config.survey);
  const asked = new Set(questions.map((q) => q.characteristic));
  return {
    waveId,
    characteristics: config.collaboration.framework.characteristics
      .map((c) => c.id)
      .filter((id) => asked.has(id)),
    questions: questions.map((q) => ({ id: q.id, characteristic: q.characteristic })),
    dimensions: config.dimensions ?? defaultDimensions(config.collaboration),
    ...(config.bands ? { bands: config.bands } : {}),
  };
};

/** The labels of a wave's cells from the configuration it is published under. */
export const waveLabelsFor = (
  config: AggregationConfig,
  wave: { opensAt?: string; closesAt?: string },
): WaveLabels => ({
  opensAt: wave.opensAt ?? '',
  closesAt: wave.closesAt ?? '',
  characteristicNames: new Map(config.collaboration.framework.characteristics.map((c) => [c.id, c.name])),
  questionTexts: new Map(config.survey.questions.map((q) => [q.id, q.text])),
  segmentName: segmentNamesFor(config.collaboration),
});
