import type { Collaboration } from '../domain/collaboration.js';
import { retentionMonthsFor, retentionStep } from '../domain/retention.js';
import { type StoredWave, waveRef } from '../stores/ports.js';
import { readFrozenPublication } from './compute-snapshot.js';
import type { JobDeps } from './job-deps.js';
import { getWaveParticipation } from './manage-waves.js';

/**
 * Items (responses, comments) one survey's purge step deletes or stamps per run at most, so a run stays
 * well inside its time limit (≈ 2–10 s on DynamoDB); what is left waits for the next run.
 */
export const PURGE_BATCH_ITEMS = 20_000;

/** What the purge step did for one survey (counts only: never content). */
export interface PurgeSummary {
  /** Waves whose raw data is now entirely deleted. */
  purged: string[];
  /** Waves whose items now all carry the TTL backstop. */
  stamped: string[];
  /**
   * Responses deleted this run (their number per wave is published participation). How many comment
   * items went is logged for operators only: it would tell the support team how many people commented
   * where rule 6 withholds fewer than `minCommentGroupSize`.
   */
  responses: number;
  /** Waves with work left for the next run (the batch ran out). */
  pending: string[];
}

/**
 * Applies retention to a survey's waves (docs/privacy.md "Retention"), after the job has frozen what it
 * can, under the survey's lease:
 * 1. a wave is frozen when its publication record is readable and its participation is fixed on the
 *    wave (fixed here if the record exists but the participation was not kept, e.g. after a crash);
 * 2. a frozen wave closed at least the retention in force ago (the collaboration's, else the
 *    deployment's) is marked `purgeStartedAt`, then its responses and comments are deleted in bounded
 *    batches; `purgedAt` once none is left. A run that stops part-way resumes next run;
 * 3. a frozen wave not yet due has its items stamped once with the TTL backstop (`ttlBackstopAt`),
 *    which DynamoDB TTL honours on AWS even if the job never runs again.
 * Due purges go first: they are what the setting promises.
 */
export const purgeExpiredWaves = async (
  deps: JobDeps,
  collaboration: Collaboration,
  surveyId: string,
  waves: StoredWave[],
  batchItems: number = PURGE_BATCH_ITEMS,
): Promise<PurgeSummary> => {
  const c = collaboration.id;
  const now = deps.now();
  const months = retentionMonthsFor(collaboration, deps.retentionMonths);
  const summary: PurgeSummary = { purged: [], stamped: [], responses: 0, pending: [] };
  const steps = await Promise.all(
    waves.map(async (wave) => {
      // Only a wave that would be stamped or purged once frozen is worth the check.
      const optimistic = retentionStep({ wave, frozen: true, months, now });
      if (optimistic.kind === 'keep' || wave.purgeStartedAt) return { wave, step: optimistic };
      const frozen = await isFrozen(deps, c, surveyId, wave);
      return { wave, step: retentionStep({ wave, frozen, months, now }) };
    }),
  );
  let budget = batchItems;
  for (const { wave } of steps.filter((s) => s.step.kind === 'purge')) {
    if (budget <= 0) {
      summary.pending.push(wave.id);
      continue;
    }
    if (!wave.purgeStartedAt)
      await deps.stores.waves.keep(c, surveyId, wave.id, { purgeStartedAt: now.toISOString() });
    const deleted = await deps.stores.responses.deleteWave(waveRef(c, surveyId, wave), budget);
    budget -= deleted.responses + deleted.comments;
    summary.responses += deleted.responses;
    if (deleted.done) {
      await deps.stores.waves.keep(c, surveyId, wave.id, { purgedAt: deps.now().toISOString() });
      summary.purged.push(wave.id);
    } else summary.pending.push(wave.id);
    deps.log('retention: raw data deleted', {
      collaborationId: c,
      surveyId,
      waveId: wave.id,
      retentionMonths: months,
      responses: deleted.responses,
      comments: deleted.comments,
      done: deleted.done,
    });
  }
  for (const { wave, step } of steps) {
    if (step.kind !== 'stamp') continue;
    if (budget <= 0) {
      summary.pending.push(wave.id);
      continue;
    }
    const { stamped, done } = await deps.stores.responses.stampExpiry(
      waveRef(c, surveyId, wave),
      step.expiresAt,
      budget,
    );
    budget -= stamped;
    if (done) {
      await deps.stores.waves.keep(c, surveyId, wave.id, { expiryStamp: step.expiresAt.toISOString() });
      summary.stamped.push(wave.id);
    } else summary.pending.push(wave.id);
  }
  return summary;
};

/**
 * Frozen: nothing will read the wave's raw data again. Its publication record (the figures every
 * snapshot, download and report serves) must be readable, and its participation fixed on the wave record
 * (the waves list reads it); a settled wave missing the latter gets it now, counted before deletion.
 */
const isFrozen = async (deps: JobDeps, c: string, s: string, wave: StoredWave): Promise<boolean> => {
  if (!(await readFrozenPublication(deps, c, s, wave.id)).publication) return false;
  if (wave.participation) return true;
  await getWaveParticipation(deps, c, s, wave.id);
  return (await deps.stores.waves.get(c, s, wave.id))?.participation !== undefined;
};
