/**
 * The job's pure pipeline WITHOUT the disclosure audit (the per-relation rule's pattern only), for
 * tests of statistics, change and the rule itself.
 *
 * Production does not run this: lib/app/compute-snapshot.ts publishes each wave through the disclosure
 * audit (which may hide more than the per-relation rule) and attaches `change` with `changesFor`
 * against the frozen cells of earlier waves. These helpers string the same domain steps together
 * without the audit, so a test can check a statistic or the rule on its own:
 *
 * 1. accumulate each closed wave in one pass (`accumulateWave`);
 * 2. finish, apply the per-relation rule (`suppressCells`), label and compare with the rest per wave
 *    (`publishWave`);
 * 3. attach `change` across the closed waves, oldest first (`attachChanges`).
 *
 * `aggregate` does all three. Open and scheduled waves produce no cells (rule 4).
 */
import {
  type AggregationConfig,
  attachVsRest,
  type Cell,
  changesFor,
  createWaveAccumulator,
  emptyHistory,
  hiddenCells,
  type LinkedGroup,
  labelCells,
  publishCell,
  type RawCell,
  rememberWave,
  type UnlabelledCell,
  type WaveAccumulator,
  type WaveLabels,
  waveLabelsFor,
  waveSpecFor,
} from '../../lib/domain/aggregation/index.js';
import type { Sector } from '../../lib/domain/collaboration.js';
import type { ResponseRecord } from '../../lib/domain/response.js';
import type { WaveStatus } from '../../lib/domain/wave.js';

/** One response to wave w1 from `neighbourhoodId`, by the partner of its sector (`p-{sector}`). */
export const responseIn = (
  neighbourhoodId: string,
  sector: Sector,
  answers: Record<string, number | null>,
): ResponseRecord => ({
  waveId: 'w1',
  partnerId: `p-${sector}`,
  neighbourhoodId,
  sector,
  day: '2026-01-01',
  answers,
});

/** `n` responses, the i-th made by `make(i)`. */
export const repeat = (n: number, make: (i: number) => ResponseRecord) =>
  Array.from({ length: n }, (_, i) => make(i));

/** Accumulates one wave's responses, already in memory, in a single pass (the job reads them page by page). */
export const accumulateWave = (
  config: AggregationConfig,
  waveId: string,
  responses: Iterable<ResponseRecord>,
): WaveAccumulator => {
  const accumulator = createWaveAccumulator(waveSpecFor(config, waveId));
  for (const response of responses) accumulator.add(response);
  return accumulator;
};

/** One wave and its responses (only closed waves produce cells). */
export interface WaveInput {
  id: string;
  status: WaveStatus;
  opensAt?: string;
  closesAt?: string;
  responses: Iterable<ResponseRecord>;
}

export interface AggregateInput extends AggregationConfig {
  /** Oldest first: `change` compares with earlier entries, and the output keeps this order. */
  waves: readonly WaveInput[];
}

/** One closed wave's published cells; waves are passed oldest first. */
export interface WaveCells {
  wave: string;
  cells: readonly Cell[];
}

/**
 * Fills in `change` on every published cell of every wave (closed waves only, oldest first), comparing
 * with the latest earlier wave where the same cell was published. The input is not modified.
 */
export const attachChanges = (waves: readonly WaveCells[]): Cell[][] => {
  const history = emptyHistory();
  return waves.map(({ cells }) => {
    const withChanges = changesFor(history, cells);
    // Remember only after the whole wave is compared, so a wave never compares with itself.
    rememberWave(history, cells);
    return withChanges;
  });
};

/**
 * Applies rule 5 to one closed wave's raw cells, keeping their order. Labels, `change` and `vsRest`
 * are attached afterwards, from published cells only.
 */
export const suppressCells = (
  cells: readonly RawCell[],
  minGroupSize: number,
  groups: readonly LinkedGroup[] = [],
): UnlabelledCell[] => {
  const hidden = hiddenCells(cells, minGroupSize, groups);
  return cells.map((cell, i) => publishCell(cell, hidden[i] === true));
};

/**
 * A closed wave's cells after disclosure control, in table order: labelled, with `vsRest`, and `change`
 * still null (it needs the earlier waves).
 */
export const publishWave = (accumulator: WaveAccumulator, minGroupSize: number, labels: WaveLabels): Cell[] =>
  attachVsRest(
    labelCells(suppressCells(accumulator.finish(), minGroupSize, accumulator.linkedGroups()), labels),
  );

/**
 * Every published cell of every closed wave, with `change`: waves in the order given, then overall
 * before each dimension (in configured order), segments (listed first, then others in code-point order),
 * characteristics in framework order, each characteristic's row before its questions (survey order).
 */
export const aggregate = (input: AggregateInput): Cell[] => {
  const closed = input.waves.filter((w) => w.status === 'closed');
  const published = closed.map((wave) => ({
    wave: wave.id,
    cells: publishWave(
      accumulateWave(input, wave.id, wave.responses),
      input.collaboration.minGroupSize,
      waveLabelsFor(input, wave),
    ),
  }));
  return attachChanges(published).flat();
};
