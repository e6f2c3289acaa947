import type { WaveAccumulator } from '../aggregation/accumulate.js';
import type { UnlabelledCell } from '../aggregation/cell.js';
import { hiddenCells, publishCell } from '../aggregation/disclosure.js';
import { chooseSuppression, type WaveAudit, type WaveAuditOptions } from './choose.js';

/** `audit` on a snapshot: DESIGN "Disclosure audit". */
export interface AuditSummary {
  /** Hidden cells with respondents whose protection was proven by the audit. */
  cellsChecked: number;
  /** Cells hidden beyond the per-relation rule, because only several relations together revealed them. */
  extraSuppressed: number;
  /** Published cells that by themselves show every member's answer (e.g. a mean of exactly 5.0). */
  groupDisclosures: number;
  /** Time spent auditing, in milliseconds. */
  solverMs: number;
  /** Share of segment cells with n ≥ minGroupSize that are hidden (0 when there are none). */
  informationLoss: number;
}

/** The figures of one wave's audit that add up into the snapshot's `audit` (kept with a frozen wave). */
export type WaveAuditFigures = Pick<
  WaveAudit,
  'checked' | 'extraSuppressed' | 'groupDisclosures' | 'segmentCells' | 'hiddenSegmentCells'
>;

/**
 * A closed wave's cells with suppression chosen by the audit (labels, `change` and `vsRest` still to come): the per-relation
 * rule's pattern is the starting point, and the audit hides more where needed and publishes again what
 * the rule hid without need.
 */
export const publishAuditedWave = (
  accumulator: WaveAccumulator,
  options: WaveAuditOptions,
): { cells: UnlabelledCell[]; audit: WaveAudit } => {
  const raw = accumulator.finish();
  const greedy = hiddenCells(raw, options.minGroupSize, accumulator.linkedGroups());
  const audit = chooseSuppression(accumulator.state(), raw, greedy, options);
  return { cells: raw.map((cell, i) => publishCell(cell, audit.hidden[i] === true)), audit };
};

/** Adds the audits of a survey's closed waves up into the snapshot's `audit`. */
export const summariseAudits = (audits: readonly WaveAuditFigures[], solverMs: number): AuditSummary => {
  const total = (f: (a: WaveAuditFigures) => number) => audits.reduce((t, a) => t + f(a), 0);
  const segmentCells = total((a) => a.segmentCells);
  return {
    cellsChecked: total((a) => a.checked),
    extraSuppressed: total((a) => a.extraSuppressed),
    groupDisclosures: total((a) => a.groupDisclosures),
    solverMs: Math.round(solverMs),
    informationLoss: segmentCells === 0 ? 0 : total((a) => a.hiddenSegmentCells) / segmentCells,
  };
};
