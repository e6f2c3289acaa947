import type { WaveAccumulator } from '../aggregation/accumulate.js';
import type { RawCell, UnlabelledCell } from '../aggregation/cell.js';
import { hiddenCells, publishCell } from '../aggregation/disclosure.js';
import { checkSuppression, chooseSuppression, type WaveAudit, type WaveAuditOptions } from './choose.js';

/**
 * The version of the audit's rules. A wave published under an older version (or before the audit
 * existed) keeps its figures (privacy rule 9) but is audited again, once, under this one: raise it
 * whenever a change could find a pattern unsafe that the previous rules passed.
 */
export const AUDIT_VERSION = 2;

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
> & {
  /** The {@link AUDIT_VERSION} that chose the pattern (absent: published before versions were kept). */
  version?: number;
};

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
  const linkedGroups = accumulator.linkedGroups();
  const greedy = hiddenCells(raw, options.minGroupSize, linkedGroups);
  const audit = chooseSuppression(accumulator.state(), raw, greedy, { ...options, linkedGroups });
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

/** What a published cell says about its place in the pattern. */
export type PublishedCell = Pick<
  UnlabelledCell,
  'dimension' | 'segment' | 'characteristic' | 'question' | 'suppressed' | 'n'
>;

const coordinates = (c: Pick<RawCell, 'dimension' | 'segment' | 'characteristic' | 'question'>) =>
  JSON.stringify([c.dimension, c.segment, c.characteristic, c.question]);

/**
 * Audits a wave already published, as it was published (its pattern is kept, rule 9): the cells it
 * published are what a reader knows; a cell it did not publish is hidden. `mismatched` counts published
 * cells whose n differs from the wave's responses as read now (the settings that shaped its segments
 * have changed since): those are audited as hidden, so the result speaks only for the cells that match.
 */
export const auditPublishedWave = (
  accumulator: WaveAccumulator,
  published: readonly PublishedCell[],
  options: WaveAuditOptions,
): { audit: WaveAudit; mismatched: number } => {
  const raw = accumulator.finish();
  const byCoordinates = new Map(published.map((c) => [coordinates(c), c]));
  let mismatched = 0;
  const hidden = raw.map((cell) => {
    const shown = byCoordinates.get(coordinates(cell));
    if (!shown || shown.suppressed) return true;
    if (shown.n !== cell.n) {
      mismatched++;
      return true;
    }
    return false;
  });
  return { audit: checkSuppression(accumulator.state(), raw, hidden, options), mismatched };
};
