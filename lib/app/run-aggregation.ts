import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/audit.js';
import { applyCadence } from './apply-cadence.js';
import { computeSnapshot } from './compute-snapshot.js';
import type { JobDeps, SupportTeamDeps } from './job-deps.js';
import { publishSnapshot } from './publish-snapshot.js';
import { type PurgeSummary, purgeExpiredWaves } from './purge-expired-waves.js';
import { recordAudit } from './record-audit.js';
import { contentHash } from './snapshot-files.js';

/**
 * A survey's lease is short and renewed by a heartbeat while its run lives (every third of it), so a
 * run that crashed or was killed blocks the survey for at most a minute, well within one schedule
 * period, however long a live run takes.
 */
export const SURVEY_LEASE_MS = 60_000;

export interface SurveyRunSummary {
  collaborationId: string;
  surveyId: string;
  status: 'published' | 'unchanged' | 'busy' | 'failed' | 'skipped';
  opened: string[];
  closed: string[];
  /** Closed waves whose responses were read, and those whose frozen sums were reused. */
  computed: string[];
  reused: string[];
  written: string[];
  /** What retention deleted or stamped (absent when the survey stopped before it). */
  retention?: PurgeSummary;
  /** Waves published earlier that the disclosure audit, run again under its current rules, found unsafe. */
  unsafePublished: string[];
  error?: string;
}

export interface RunSummary {
  startedAt: string;
  finishedAt: string;
  surveys: SurveyRunSummary[];
  failed: number;
}

/**
 * The scheduled job, for every survey of every collaboration:
 * 1. take the survey's lease (a conditional put), or skip it if another run holds it;
 * 2. open and close waves by the cadence;
 * 3. compute the snapshot, reading only waves that are not frozen;
 * 4. if it says anything new, write `history/` first, then `latest.json`, `latest.csv`, the Parquet
 *    table and the results report (`report.html`), then the manifest — then remember what was
 *    published. A failure part-way leaves the previous objects in place, and since nothing is
 *    remembered the next run publishes again;
 * 5. apply retention: delete the raw data of frozen waves past it, stamp the others' TTL backstop.
 * One survey failing does not stop the others; the summary says what happened to each.
 */
export const runAggregation = async (deps: JobDeps, options: RunOptions = {}): Promise<RunSummary> => {
  const startedAt = deps.now().toISOString();
  const surveys = await deps.stores.surveys.listAll();
  const results: SurveyRunSummary[] = [];
  for (const { collaborationId, surveyId } of surveys) {
    if (options.deadline !== undefined && deps.now() >= options.deadline) {
      results.push({ ...emptySummary(collaborationId, surveyId), status: 'skipped' });
      continue;
    }
    results.push(await runSurvey(deps, collaborationId, surveyId, options.leaseMs ?? SURVEY_LEASE_MS));
  }
  const summary = {
    startedAt,
    finishedAt: deps.now().toISOString(),
    surveys: results,
    failed: results.filter((r) => r.status === 'failed').length,
  };
  deps.log('aggregation run finished', { surveys: results.length, failed: summary.failed });
  return summary;
};

/** A run a person asked for (`POST /admin/aggregate`, the console): recorded in the audit trail first. */
export const runAggregationNow = async (
  deps: SupportTeamDeps,
  actor: Actor,
  options: RunOptions = {},
): Promise<RunSummary> => {
  await recordAudit(deps, actor, 'aggregation.run', {});
  return runAggregation(deps, options);
};

export interface RunOptions {
  /**
   * The time (by `deps.now`) after which no further survey is started, so the run ends — and releases
   * its leases — before its Lambda or API Gateway time limit; skipped surveys wait for the next run.
   */
  deadline?: Date;
  /** The survey lease's lifetime (tests shorten it); renewed every third of it while the run lives. */
  leaseMs?: number;
}

const emptySummary = (collaborationId: string, surveyId: string): SurveyRunSummary => ({
  collaborationId,
  surveyId,
  status: 'unchanged',
  opened: [],
  closed: [],
  computed: [],
  reused: [],
  written: [],
  unsafePublished: [],
});

/** The lease a survey's run holds, so that no two runs publish the same survey at once. */
export const surveyLease = (collaborationId: string, surveyId: string): string =>
  `aggregate#${collaborationId}#${surveyId}`;

/** One survey's unit of work under its lease; the SQS worker runs exactly this, one message at a time. */
export const runSurvey = async (
  deps: JobDeps,
  collaborationId: string,
  surveyId: string,
  leaseMs: number,
): Promise<SurveyRunSummary> => {
  const summary = emptySummary(collaborationId, surveyId);
  const lease = surveyLease(collaborationId, surveyId);
  const owner = randomUUID();
  if (!(await deps.leases.acquire(lease, owner, leaseMs, deps.now()))) {
    deps.log('survey busy: another run holds its lease', { collaborationId, surveyId });
    return { ...summary, status: 'busy' };
  }
  const heartbeat = keepLease(deps, lease, owner, leaseMs);
  try {
    const [collaboration, survey, stored, previous] = await Promise.all([
      deps.stores.collaborations.get(collaborationId),
      deps.stores.surveys.get(collaborationId, surveyId),
      deps.stores.waves.list(collaborationId, surveyId),
      deps.aggregationState.get(collaborationId, surveyId),
    ]);
    if (!collaboration || !survey) throw new Error('The survey or its collaboration has disappeared');
    const cadence = await applyCadence(deps, collaboration, survey, stored);
    summary.opened = cadence.opened;
    summary.closed = cadence.closed;
    const result = await computeSnapshot(deps, collaboration, survey, cadence.waves, {
      remembered: previous,
    });
    summary.computed = result.computed;
    summary.reused = result.reused;
    summary.unsafePublished = result.unsafePublished;
    const hash = contentHash(result.snapshot);
    if (hash !== previous?.contentHash) {
      summary.written = await publishSnapshot(deps, result.snapshot, collaboration.timeZone);
      summary.status = 'published';
    }
    if (
      summary.status === 'published' ||
      result.computed.length > 0 ||
      result.auditedAgain.length > 0 ||
      cadence.opened.length + cadence.closed.length > 0
    ) {
      await deps.aggregationState.put(collaborationId, surveyId, { ...result.state, contentHash: hash });
    }
    // A wave published in this run waits for the next one: its first publication (a closing run) already
    // read all its responses, and stamping or deleting them too would double that run's time.
    const settledEarlier = cadence.waves.filter((w) => !result.computed.includes(w.id));
    summary.retention = await purgeExpiredWaves(deps, collaboration, surveyId, settledEarlier);
    deps.log('survey aggregated', { ...summary });
    return summary;
  } catch (error) {
    deps.logError('survey aggregation failed', error, { collaborationId, surveyId });
    return { ...summary, status: 'failed', error: error instanceof Error ? error.name : 'Error' };
  } finally {
    heartbeat.stop();
    await deps.leases.release(lease, owner);
  }
};

/**
 * Renews a held lease every third of its lifetime until stopped. A renewal that fails is logged and
 * retried at the next beat: the lease then still has two beats to live.
 */
const keepLease = (deps: JobDeps, lease: string, owner: string, leaseMs: number) => {
  const timer = setInterval(() => {
    deps.leases.acquire(lease, owner, leaseMs, deps.now()).then(
      (held) => {
        if (!held) deps.logError('survey lease lost to another run', new Error(`Lease ${lease} lost`));
      },
      (error) => deps.logError('survey lease renewal failed', error, { lease }),
    );
  }, leaseMs / 3);
  // A pending renewal must not keep a finished process alive.
  timer.unref();
  return { stop: () => clearInterval(timer) };
};
