import * as z from 'zod';
import type { Wave } from './wave.js';

/**
 * How long a closed wave's raw responses and comments are kept (storage limitation, UK GDPR art. 5(1)(e)).
 * Whole calendar months after the wave closed; the published figures and frozen sums are kept regardless.
 */
export const RETENTION_MONTHS = { min: 1, max: 120 } as const;

/**
 * The deployment default when neither the deployment nor the collaboration sets one. A DPIA needs a
 * defined period, so there is no "keep forever": 12 months lets the support team read a wave's comments
 * beside the next waves' figures, and the figures themselves never need the raw answers again.
 */
export const DEFAULT_RETENTION_MONTHS = 12;

export const retentionMonthsSchema = z.int().min(RETENTION_MONTHS.min).max(RETENTION_MONTHS.max);

/** The period in force for a collaboration: its own setting, else the deployment's default. */
export const retentionMonthsFor = (
  collaboration: { retentionMonths?: number | undefined },
  deploymentDefault: number = DEFAULT_RETENTION_MONTHS,
): number => collaboration.retentionMonths ?? deploymentDefault;

/** `at` plus whole calendar months in UTC; a day the target month lacks becomes its last day (31 Jan + 1 = 28/29 Feb). */
export const addMonths = (at: Date, months: number): Date => {
  const target = new Date(at.getTime());
  const day = at.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
};

/** When a closed wave's raw data may be deleted under `months` of retention. */
export const purgeDueAt = (wave: Pick<Wave, 'closesAt'>, months: number): Date =>
  addMonths(new Date(wave.closesAt), months);

/**
 * The DynamoDB TTL stamp of a frozen wave's items: its closing time plus the longest retention any
 * setting may choose, plus a month's grace. A closed wave's `closesAt` no longer moves, and no setting
 * can exceed `RETENTION_MONTHS.max`, so TTL can never delete earlier than the setting in force allows,
 * however the setting changes later. It is the backstop that still deletes if the job stops running;
 * the job's purge step is what applies the (shorter) setting.
 */
export const ttlBackstopAt = (wave: Pick<Wave, 'closesAt'>): Date =>
  addMonths(new Date(wave.closesAt), RETENTION_MONTHS.max + 1);

/** What the purge step must do for a wave this run. */
export type RetentionStep =
  /** Nothing to do this run: not closed or not frozen yet (its raw data is still needed), stamped and not yet due, or purged. */
  | { kind: 'keep' }
  /** Frozen, not yet due: stamp its items with the TTL backstop (once). */
  | { kind: 'stamp'; expiresAt: Date }
  /** Frozen and due (or a purge already began): delete its responses and comments. */
  | { kind: 'purge' };

/** What the purge step knows about a wave. */
export interface RetentionFacts {
  wave: Wave & { expiryStamp?: string; purgeStartedAt?: string; purgedAt?: string };
  /** Its publication record exists and its participation is fixed on the wave: nothing reads its raw data again. */
  frozen: boolean;
  /** The retention in force now (never a stamp: the setting is read every run). */
  months: number;
  now: Date;
}

/**
 * The retention rule. Raw data is deleted only when the wave is closed, its figures are frozen, and it
 * closed at least `months` ago under the setting in force now; a purge once begun is finished (a later
 * longer setting cannot bring deleted answers back, and a half-deleted wave would show half its comments).
 * Nothing is stamped before a wave is frozen, so moving an open wave's `closesAt` cannot leave a stale stamp.
 */
export const retentionStep = ({ wave, frozen, months, now }: RetentionFacts): RetentionStep => {
  if (wave.purgedAt) return { kind: 'keep' };
  if (wave.purgeStartedAt) return { kind: 'purge' };
  if (wave.status !== 'closed' || !frozen) return { kind: 'keep' };
  if (now.getTime() >= purgeDueAt(wave, months).getTime()) return { kind: 'purge' };
  if (!wave.expiryStamp) return { kind: 'stamp', expiresAt: ttlBackstopAt(wave) };
  return { kind: 'keep' };
};
