import {
  type AggregationConfig,
  attachVsRest,
  type Cell,
  changesFor,
  createWaveAccumulator,
  dimensionsFor,
  emptyHistory,
  labelCells,
  rememberWave,
  segmentNamesFor,
  type UnlabelledCell,
  type WaveAccumulator,
  waveLabelsFor,
  waveSpecFor,
} from '../domain/aggregation/index.js';
import { type Collaboration, thresholdsFor } from '../domain/collaboration.js';
import { AUDIT_VERSION, summariseAudits, type WaveAuditFigures } from '../domain/disclosure-audit/index.js';
import {
  type FrozenParticipation,
  invitedTo,
  PlaceTally,
  participationBySegment,
  participationOf,
} from '../domain/participation.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot, type SnapshotWave } from '../domain/snapshot.js';
import type { Survey } from '../domain/survey.js';
import { isSettled, versionOf, type WaveVersion } from '../domain/wave.js';
import { type AggregationState, type StoredWave, waveRef } from '../stores/ports.js';
import { auditWaves, type PublishedWaveAudit } from './audit-waves.js';
import type { JobDeps } from './job-deps.js';
import { countParticipation } from './manage-waves.js';
import { JOB_STATE_PREFIX } from './snapshot-files.js';

/**
 * A closed wave's figures as first published (privacy rule 9): written once, when the wave first
 * publishes cells, and served unchanged by every later snapshot, history copy and admin download.
 * Private job state, outside the BI prefix.
 */
export interface FrozenPublication {
  wave: SnapshotWave;
  cells: Cell[];
  /** The characteristics the wave asked about, named as it asked them. */
  characteristics: { id: string; name: string }[];
  minGroupSize: number;
  /** The comment threshold in force at its first publication: its comments are read under this one. */
  minCommentGroupSize: number;
  /** What the disclosure audit did for it, summed into the snapshot's `audit` (absent: published before the audit). */
  audit?: WaveAuditFigures;
  publishedAt: string;
}

export const publicationKey = (c: string, s: string, w: string) =>
  `${JOB_STATE_PREFIX}/${c}/${s}/published/${w}.json`;

/** Where the audit of a wave published under older rules is kept, so it runs once per audit version. */
export const publishedAuditKey = (c: string, s: string, w: string) =>
  `${JOB_STATE_PREFIX}/${c}/${s}/published/${w}.audit.json`;

/** The record of auditing a published wave again (ids and counts only). */
interface PublishedAuditRecord extends PublishedWaveAudit {
  version: number;
  auditedAt: string;
}

export interface ComputedSnapshot {
  snapshot: Snapshot;
  state: AggregationState;
  /** Settled waves published for the first time (their responses were read), and frozen ones reused. */
  computed: string[];
  reused: string[];
  /** Waves published earlier that the audit, run again under its current rules, found unsafe. */
  unsafePublished: string[];
  /**
   * Waves this run audited again under the current rules, or found audited in their record, that
   * `remembered` did not know of: `state` now does, so the job must keep it.
   */
  auditedAgain: string[];
}

export interface SnapshotOptions {
  /**
   * Audit again the waves published under older audit rules (default true). Only the job does: the
   * figures do not depend on it, its verdict reaches the `PublishedWavesUnsafe` alarm only through
   * the run's summary, and it reads every such wave's responses, which a download must not wait for.
   */
  recheckPublished?: boolean;
  /**
   * The job's state from its last run: a wave it remembers as audited again under the current rules
   * is skipped without reading its audit record (one S3 read per such wave per run otherwise).
   */
  remembered?: AggregationState | null;
}

/**
 * Builds a survey's snapshot (the same figures the bucket, the aggregates API and the report show):
 * 1. every wave that has opened gets its version (the survey as asked) if it has none yet;
 * 2. each settled wave (closed at least 5 minutes ago) serves its frozen publication; one that has
 *    none is published now — its responses read in one pass (parallel queries over its shards), cells
 *    under the current settings, `change` against the earlier waves' frozen cells — and frozen;
 * 3. open and just-closed waves: participation only (rule 4), from a live count of their responses.
 * Settings changes therefore reach only waves not yet published, so no two publications of a wave
 * differ (no differencing across snapshots).
 */
export const computeSnapshot = async (
  deps: JobDeps,
  collaboration: Collaboration,
  survey: Survey,
  storedWaves: StoredWave[],
  options: SnapshotOptions = {},
): Promise<ComputedSnapshot> => {
  const now = deps.now();
  const thresholds = thresholdsFor(collaboration, deps.thresholdFloors);
  const dimensions = dimensionsFor(collaboration);
  const dimensionNames = dimensions.map((d) => d.name);
  const c = collaboration.id;
  const s = survey.id;
  const [links, waves] = await Promise.all([
    deps.stores.links.list(c, s),
    Promise.all(storedWaves.map((w) => withVersion(deps, collaboration, survey, w))),
  ]);
  const participationRow = (wave: StoredWave, counts: FrozenParticipation): SnapshotWave => ({
    id: wave.id,
    opensAt: wave.opensAt,
    closesAt: wave.closesAt,
    status: wave.status,
    ...participationOf(counts),
    bySegment: participationBySegment(counts, collaboration, dimensionNames),
  });
  const configOf = (version: WaveVersion): AggregationConfig => ({
    collaboration: {
      neighbourhoods: collaboration.neighbourhoods,
      partners: collaboration.partners,
      minGroupSize: thresholds.minGroupSize,
      framework: { characteristics: version.characteristics.map((ch) => ({ ...ch, description: '' })) },
    },
    survey: { questions: version.questions },
    dimensions,
    ...(collaboration.bandThresholds ? { bands: collaboration.bandThresholds } : {}),
  });

  const settled = waves.filter((w) => isSettled(w, now));
  const records = await Promise.all(settled.map((w) => readFrozenPublication(deps, c, s, w.id)));
  const frozen = records.map((r) => r.publication);
  // Retention deleted its responses: publishing it again would publish nothing, and replace its figures.
  const lost = settled.find((w, i) => !frozen[i] && w.purgeStartedAt);
  if (lost) {
    throw new Error(
      `Wave "${lost.id}" has no readable frozen figures (${publicationKey(c, s, lost.id)}) and its responses were deleted under retention: restore the record from the bucket's object versions`,
    );
  }
  const fresh = await Promise.all(
    settled.map((w, i) => (frozen[i] ? null : readResponses(deps, c, s, w, configOf(askedIn(w))))),
  );

  // Waves published under older audit rules (or none) keep their figures but are audited again, once
  // (not those whose responses retention has deleted: there is nothing left to audit them against).
  const remembered = new Set(
    settled.filter((w) => options.remembered?.waves[w.id]?.auditedAgain === AUDIT_VERSION).map((w) => w.id),
  );
  const auditedAgain: string[] = [];
  const recheck = await Promise.all(
    settled.map(async (w, i) => {
      const publication = frozen[i];
      if (
        options.recheckPublished === false ||
        !publication ||
        publication.audit?.version === AUDIT_VERSION ||
        w.purgeStartedAt ||
        remembered.has(w.id)
      )
        return null;
      const record = await deps.objects.get(publishedAuditKey(c, s, w.id));
      if (
        record &&
        (JSON.parse(new TextDecoder().decode(record)) as PublishedAuditRecord).version === AUDIT_VERSION
      ) {
        // Audited before the job remembered it (or its state was lost): remember it now.
        auditedAgain.push(w.id);
        return null;
      }
      const { accumulator } = await readResponses(deps, c, s, w, configOf(askedIn(w)));
      return { wave: w, publication, accumulator };
    }),
  );
  const rechecks = recheck.flatMap((r) => (r ? [r] : []));

  // Disclosure control for the waves published now, chosen and proven by the disclosure audit.
  const started = performance.now();
  const audited = await auditWaves(
    deps,
    thresholds.minGroupSize,
    fresh.flatMap((f) => (f ? [f.accumulator] : [])),
    rechecks.map(({ publication, accumulator }) => ({
      accumulator,
      cells: publication.cells,
      minGroupSize: publication.minGroupSize,
    })),
  );
  const solverMs = performance.now() - started;
  const unsafePublished: string[] = [];
  for (const [k, { wave }] of rechecks.entries()) {
    const found = audited.published[k] as PublishedWaveAudit;
    const where = { collaborationId: c, surveyId: s, waveId: wave.id, ...found };
    if (found.unsafe > 0 || found.mismatched > 0) {
      // Its figures stay as published (rule 9): an operator must decide what to do (see docs/operations.md).
      deps.logError(
        'published wave fails the disclosure audit',
        new Error(`${found.unsafe} hidden cell(s) unprotected, ${found.mismatched} no longer matching`),
        where,
      );
      unsafePublished.push(wave.id);
    } else deps.log('published wave passes the disclosure audit', where);
    const record: PublishedAuditRecord = { ...found, version: AUDIT_VERSION, auditedAt: now.toISOString() };
    await deps.objects.put(
      publishedAuditKey(c, s, wave.id),
      new TextEncoder().encode(JSON.stringify(record)),
      'application/json',
    );
    auditedAgain.push(wave.id);
  }
  const auditedCells = new Map(
    fresh.flatMap((f) => (f ? [f.accumulator] : [])).map((a, k) => [a.waveId, k] as const),
  );

  const history = emptyHistory();
  const publications: FrozenPublication[] = [];
  const computed: string[] = [];
  const reused: string[] = [];
  for (const [i, wave] of settled.entries()) {
    let publication = frozen[i];
    if (publication) {
      reused.push(wave.id);
    } else {
      const { accumulator, responses } = fresh[i] as ReadWave;
      const version = askedIn(wave);
      const counts = wave.participation ?? { invited: invitedTo(links, wave), responses };
      const k = auditedCells.get(accumulator.waveId) as number;
      const labelled = attachVsRest(
        labelCells(audited.waves[k] as UnlabelledCell[], waveLabelsFor(configOf(version), wave)),
      );
      const { checked, extraSuppressed, groupDisclosures, segmentCells, hiddenSegmentCells } = audited.audits[
        k
      ] as WaveAuditFigures;
      publication = {
        wave: participationRow(wave, counts),
        cells: changesFor(history, labelled),
        audit: {
          checked,
          extraSuppressed,
          groupDisclosures,
          segmentCells,
          hiddenSegmentCells,
          version: AUDIT_VERSION,
        },
        characteristics: version.characteristics,
        minGroupSize: thresholds.minGroupSize,
        minCommentGroupSize: thresholds.minCommentGroupSize,
        publishedAt: now.toISOString(),
      };
      await freeze(deps, c, s, wave, counts, publication, records[i]?.corrupt === true);
      computed.push(wave.id);
    }
    rememberWave(history, publication.cells);
    publications.push(publication);
  }

  const live = await Promise.all(
    waves
      .filter((w) => !isSettled(w, now))
      .map(async (w) => participationRow(w, await countParticipation(deps, c, s, w, links))),
  );
  const rows = new Map(
    [...publications.map((p) => ({ ...p.wave, minGroupSize: p.minGroupSize })), ...live].map((w) => [
      w.id,
      w,
    ]),
  );

  const characteristics = new Map(collaboration.framework.characteristics.map((ch) => [ch.id, ch.name]));
  for (const p of publications)
    for (const ch of p.characteristics) if (!characteristics.has(ch.id)) characteristics.set(ch.id, ch.name);
  const segmentName = segmentNamesFor(collaboration);
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    collaboration: { id: c, name: collaboration.name },
    survey: { id: s, title: survey.title },
    minGroupSize: thresholds.minGroupSize,
    characteristics: [...characteristics].map(([id, name]) => ({ id, name })),
    segments: dimensions.flatMap((d) =>
      (d.segments ?? []).map((id) => ({ dimension: d.name, id, name: segmentName(d.name, id) })),
    ),
    waves: waves.map((w) => rows.get(w.id) as SnapshotWave),
    cells: publications.flatMap((p) => p.cells),
    // A publication from before the audit existed has no figures to add.
    audit: summariseAudits(
      publications.flatMap((p) => (p.audit ? [p.audit] : [])),
      solverMs,
    ),
  };
  const state: AggregationState = {
    contentHash: null,
    waves: Object.fromEntries(
      publications.map((p) => [
        p.wave.id,
        {
          published: true as const,
          responses: p.wave.responses,
          ...(remembered.has(p.wave.id) || auditedAgain.includes(p.wave.id)
            ? { auditedAgain: AUDIT_VERSION }
            : {}),
        },
      ]),
    ),
  };
  return { snapshot, state, computed, reused, unsafePublished, auditedAgain };
};

/** A wave that has opened has a version; an older wave without one gets the survey as it stands (kept). */
const withVersion = async (
  deps: JobDeps,
  collaboration: Collaboration,
  survey: Survey,
  wave: StoredWave,
): Promise<StoredWave> => {
  if (wave.version || wave.status === 'scheduled') return wave;
  const version = versionOf(survey, collaboration.framework);
  await deps.stores.waves.keep(collaboration.id, survey.id, wave.id, { version });
  return { ...wave, version };
};

const askedIn = (wave: StoredWave): WaveVersion => {
  if (!wave.version) throw new Error(`Wave "${wave.id}" has no version`);
  return wave.version;
};

interface ReadWave {
  accumulator: WaveAccumulator;
  responses: FrozenParticipation['responses'];
}

/** One pass over a wave's responses: the sums for its cells, and its responses per partner × neighbourhood. */
const readResponses = async (
  deps: JobDeps,
  c: string,
  s: string,
  wave: StoredWave,
  config: AggregationConfig,
): Promise<ReadWave> => {
  const accumulator = createWaveAccumulator(waveSpecFor(config, wave.id));
  const tally = new PlaceTally();
  for await (const page of deps.stores.responses.readWave(waveRef(c, s, wave))) {
    for (const response of page) {
      accumulator.add(response);
      tally.add(response.partnerId, response.neighbourhoodId);
    }
  }
  if (accumulator.invalidAnswers > 0) {
    // Validation refuses such answers, so a stored one came in around it (an import, a restore, a hand
    // edit): the cells leave it out, and an operator must find out how it got there.
    const where = {
      collaborationId: c,
      surveyId: s,
      waveId: wave.id,
      invalidAnswers: accumulator.invalidAnswers,
    };
    deps.logError(
      'stored answers skipped: neither null nor a whole number 1–5',
      new RangeError(`${accumulator.invalidAnswers} invalid answers in wave "${wave.id}"`),
      where,
    );
  }
  return { accumulator, responses: tally.counts() };
};

/**
 * A wave's frozen publication, the one reader of the record (the snapshot, comments, retention);
 * `corrupt` when a record exists but cannot be read (the snapshot then publishes it again).
 */
export const readFrozenPublication = async (
  deps: Pick<JobDeps, 'objects' | 'logError'>,
  collaborationId: string,
  surveyId: string,
  waveId: string,
): Promise<{ publication: FrozenPublication | null; corrupt: boolean }> => {
  const bytes = await deps.objects.get(publicationKey(collaborationId, surveyId, waveId));
  if (!bytes) return { publication: null, corrupt: false };
  try {
    return { publication: JSON.parse(new TextDecoder().decode(bytes)) as FrozenPublication, corrupt: false };
  } catch (error) {
    // Nothing to serve: publish the wave again from its responses (under the settings in force) and
    // replace the broken record, rather than fail the survey for good.
    deps.logError('frozen wave publication unreadable: publishing it again from its responses', error, {
      collaborationId,
      surveyId,
      waveId,
    });
    return { publication: null, corrupt: true };
  }
};

/**
 * Keeps a wave's first publication, and its participation on the wave record (cheap admin reads).
 * Written once: a publication that already exists is never replaced (if two readers publish a wave at
 * the same moment, the first record written stands and both computed it from the same settings).
 */
const freeze = async (
  deps: JobDeps,
  c: string,
  s: string,
  wave: StoredWave,
  counts: FrozenParticipation,
  publication: FrozenPublication,
  replaceCorrupt: boolean,
): Promise<void> => {
  const key = publicationKey(c, s, wave.id);
  if (!replaceCorrupt && (await deps.objects.get(key))) return;
  await deps.objects.put(key, new TextEncoder().encode(JSON.stringify(publication)), 'application/json');
  if (!wave.participation) await deps.stores.waves.keep(c, s, wave.id, { participation: counts });
};
