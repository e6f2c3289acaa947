import { randomInt } from 'node:crypto';
import type { Cell } from '../domain/aggregation/index.js';
import type { Actor } from '../domain/audit.js';
import type { Snapshot } from '../domain/snapshot.js';
import { commentQuestions } from '../domain/survey.js';
import { effectiveStatus, isSettled, versionOf } from '../domain/wave.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { waveRef } from '../stores/ports.js';
import { computeSnapshot, readFrozenPublication } from './compute-snapshot.js';
import type { JobDeps, SupportTeamDeps } from './job-deps.js';
import { getCollaboration, getSurvey } from './manage-collaborations.js';
import { recordAudit } from './record-audit.js';

/**
 * The aggregates the support team downloads: the same figures as the published snapshot (closed
 * waves serve their frozen publication), optionally narrowed to one wave's cells.
 */
export const readAggregates = async (
  deps: JobDeps,
  collaborationId: string,
  surveyId: string,
  waveId: string | undefined,
): Promise<Snapshot> => {
  const [collaboration, survey, waves] = await Promise.all([
    getCollaboration(deps, collaborationId),
    getSurvey(deps, collaborationId, surveyId),
    deps.stores.waves.list(collaborationId, surveyId),
  ]);
  const now = deps.now();
  // A wave past its closing time is closed for reporting even before the job records it.
  const current = waves.map((w) => ({ ...w, status: effectiveStatus(w, now) }));
  if (waveId !== undefined && !current.some((w) => w.id === waveId)) {
    throw new NotFoundError(`Wave "${waveId}" not found`);
  }
  // A download is a publication too: a settled wave first seen here is frozen here (rule 9).
  // Waves published under older audit rules are audited again by the job alone (its run raises the alarm).
  const { snapshot } = await computeSnapshot(deps, collaboration, survey, current, {
    recheckPublished: false,
  });
  if (waveId === undefined) return snapshot;
  return {
    ...snapshot,
    waves: snapshot.waves.filter((w) => w.id === waveId),
    cells: snapshot.cells.filter((c: Cell) => c.wave === waveId),
  };
};

/** The support team's download of the aggregates (JSON or CSV): `readAggregates`, recorded in the audit trail. */
export const downloadAggregates = async (
  deps: SupportTeamDeps,
  actor: Actor,
  collaborationId: string,
  surveyId: string,
  options: { wave: string | undefined; format: 'json' | 'csv' | 'parquet' },
): Promise<Snapshot> => {
  const snapshot = await readAggregates(deps, collaborationId, surveyId, options.wave);
  await recordAudit(
    deps,
    actor,
    'aggregates.download',
    { collaborationId, surveyId, waveId: options.wave },
    {
      format: options.format,
      cells: snapshot.cells.length,
    },
  );
  return snapshot;
};

export type CommentsByCharacteristic =
  | {
      characteristics: { id: string; comments: string[]; withheld: boolean }[];
      purged: false;
      /**
       * The threshold these comments were filtered under (the wave's frozen one, not today's setting),
       * so whoever states it says what was applied.
       */
      minCommentGroupSize: number;
    }
  /** The wave's comments were deleted under retention (docs/privacy.md): nothing was filtered, so no threshold. */
  | { characteristics: []; purged: true };

/**
 * Comments of a closed wave (privacy rule 6): per characteristic the wave asked about (its own
 * version), only where at least `minCommentGroupSize` were written — the threshold in force when the
 * wave was first published, never lower than the floor — shuffled, with no partner, neighbourhood or
 * date, together with that threshold; none, with `purged`, once retention has deleted them. The audit
 * trail records the reading and how many comments were shown per characteristic (never their text).
 */
export const readComments = async (
  deps: SupportTeamDeps,
  actor: Actor,
  collaborationId: string,
  surveyId: string,
  waveId: string | undefined,
): Promise<CommentsByCharacteristic> => {
  if (!waveId)
    throw new ValidationError('Say which wave', [{ path: 'wave', message: 'Required: ?wave={waveId}' }]);
  const [collaboration, survey, wave] = await Promise.all([
    getCollaboration(deps, collaborationId),
    getSurvey(deps, collaborationId, surveyId),
    deps.stores.waves.get(collaborationId, surveyId, waveId),
  ]);
  if (!wave) throw new NotFoundError(`Wave "${waveId}" not found`);
  const now = deps.now();
  const status = effectiveStatus(wave, now);
  if (status !== 'closed')
    throw new ConflictError(`Wave "${waveId}" is not closed: comments are shown once it has closed`);
  // Like its cells (rule 4): a submission in flight at closing can still land in the next minutes, and
  // comments read before and after it, beside the live counts, would tie its comment to a place.
  if (!isSettled({ ...wave, status }, now))
    throw new ConflictError(
      `Wave "${waveId}" closed less than 5 minutes ago: its comments are shown with its figures, once late answers have landed`,
    );
  // Deleted, or being deleted, under retention: say so rather than show what a purge left half-way.
  if (wave.purgeStartedAt) return { characteristics: [], purged: true };
  const threshold = await frozenCommentThreshold(deps, collaborationId, surveyId, waveId);
  const byCharacteristic = new Map<string, string[]>();
  for await (const page of deps.stores.responses.readWaveComments(waveRef(collaborationId, surveyId, wave))) {
    for (const comment of page) {
      const list = byCharacteristic.get(comment.characteristic) ?? [];
      list.push(comment.text);
      byCharacteristic.set(comment.characteristic, list);
    }
  }
  const version = wave.version ?? versionOf(survey, collaboration.framework);
  const withComments = new Set(commentQuestions(version).map((q) => q.characteristic));
  const characteristics = version.characteristics
    .filter((c) => withComments.has(c.id))
    .map((c) => {
      const comments = byCharacteristic.get(c.id) ?? [];
      const withheld = comments.length < threshold;
      return { id: c.id, comments: withheld ? [] : shuffle(comments), withheld };
    });
  await recordAudit(
    deps,
    actor,
    'comments.read',
    { collaborationId, surveyId, waveId },
    {
      shown: characteristics.map((c) => ({ characteristic: c.id, comments: c.comments.length })),
    },
  );
  return { characteristics, purged: false, minCommentGroupSize: threshold };
};

/**
 * The comment threshold frozen with a settled wave at its first publication (rule 9). A wave nobody
 * has published yet (the job has not run since it settled), or whose record is unreadable, is
 * published here, as a download publishes it: otherwise this reading would apply today's setting and
 * the publication, made later under a changed one, another.
 */
const frozenCommentThreshold = async (
  deps: JobDeps,
  collaborationId: string,
  surveyId: string,
  waveId: string,
): Promise<number> => {
  let { publication } = await readFrozenPublication(deps, collaborationId, surveyId, waveId);
  if (!publication) {
    await readAggregates(deps, collaborationId, surveyId, waveId);
    // Read back rather than take the computed one: if another reader froze it first, its record stands.
    ({ publication } = await readFrozenPublication(deps, collaborationId, surveyId, waveId));
  }
  if (!publication) throw new Error(`Wave "${waveId}" has no frozen publication after publishing it`);
  return publication.minCommentGroupSize;
};

/** Fisher–Yates with the CSPRNG, so the order says nothing about who wrote what or when. */
const shuffle = <T>(items: T[]): T[] => {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
};
