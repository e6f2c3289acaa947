import { createHash } from 'node:crypto';
import {
  type AccumulatorState,
  aggregate,
  type Cell,
  createWaveAccumulator,
  dimensionsFor,
  type WaveAccumulator,
  waveSpecFor,
} from '../domain/aggregation/index.js';
import { type Collaboration, SECTOR_NAMES } from '../domain/collaboration.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../domain/snapshot.js';
import type { Survey } from '../domain/survey.js';
import type { AggregationState, StoredWave } from '../stores/ports.js';
import { auditWaves } from './audit-waves.js';
import type { JobDeps } from './job-deps.js';
import { participation, waveRef } from './manage-waves.js';
import { JOB_STATE_PREFIX } from './snapshot-files.js';

/** A closed wave's sums are final once it has been closed this long (late in-flight submissions land first). */
export const FREEZE_AFTER_MS = 5 * 60_000;

/** Private job state (raw sums, never published) lives beside the snapshots, outside the BI prefix. */
export const accumulatorKey = (c: string, s: string, w: string) =>
  `${JOB_STATE_PREFIX}/${c}/${s}/waves/${w}.json`;

export interface ComputedSnapshot {
  snapshot: Snapshot;
  state: AggregationState;
  /** Closed waves whose responses were read this time, and those whose frozen sums were reused. */
  computed: string[];
  reused: string[];
}

/**
 * Builds a survey's snapshot (the same figures the bucket and the aggregates API show):
 * 1. each settled wave (closed at least 5 minutes ago): reuse its frozen sums if the survey's shape
 *    is unchanged, else read its responses (parallel queries over its shards) in one pass — and,
 *    when `persist`, keep the sums, freezing the wave;
 * 2. open and just-closed waves: participation only (rule 4), from a count of their responses;
 * 3. cells for closed waves with disclosure control chosen and proven by the disclosure audit, then
 *    changes (the aggregation core).
 */
export const computeSnapshot = async (
  deps: JobDeps,
  collaboration: Collaboration,
  survey: Survey,
  waves: StoredWave[],
  previous: AggregationState | null,
  options: { persist: boolean },
): Promise<ComputedSnapshot> => {
  const config = {
    collaboration,
    survey,
    dimensions: dimensionsFor(collaboration),
    ...(collaboration.bandThresholds ? { bands: collaboration.bandThresholds } : {}),
  };
  const specHash = shapeHash(waveSpecFor(config, ''));
  const links = await deps.stores.links.list(collaboration.id, survey.id);
  const invited = links.filter((l) => !l.revoked).length;
  const now = deps.now();
  const state: AggregationState = { contentHash: previous?.contentHash ?? null, waves: {} };
  const computed: string[] = [];
  const reused: string[] = [];

  // Rule 4, strictly: cells appear only once no late submission can still land (closesAt + 5 min);
  // until then a closed wave, like an open one, shows participation only.
  const settled = (w: StoredWave) =>
    w.status === 'closed' && now.getTime() >= Date.parse(w.closesAt) + FREEZE_AFTER_MS;
  const closed = waves.filter(settled);
  const accumulators = await Promise.all(
    closed.map(async (wave): Promise<WaveAccumulator> => {
      const fresh = () => createWaveAccumulator(waveSpecFor(config, wave.id));
      const cached = previous?.waves[wave.id];
      const key = accumulatorKey(collaboration.id, survey.id, wave.id);
      if (cached?.frozen && cached.specHash === specHash) {
        const frozen = await readFrozenSums(deps, key, wave.id, fresh);
        if (frozen) {
          state.waves[wave.id] = cached;
          reused.push(wave.id);
          return frozen;
        }
      }
      const accumulator = fresh();
      for await (const page of deps.stores.responses.readWave(waveRef(collaboration.id, survey.id, wave))) {
        for (const response of page) accumulator.add(response);
      }
      if (options.persist) {
        await deps.objects.put(
          key,
          new TextEncoder().encode(JSON.stringify(accumulator.state())),
          'application/json',
        );
      }
      state.waves[wave.id] = {
        frozen: options.persist,
        specHash,
        responses: accumulator.responses,
      };
      computed.push(wave.id);
      return accumulator;
    }),
  );

  const openCounts = new Map(
    await Promise.all(
      waves
        .filter((w) => w.status !== 'scheduled' && !settled(w))
        .map(async (w) => {
          const counts = await deps.stores.responses.countWave(waveRef(collaboration.id, survey.id, w));
          return [w.id, counts.reduce((t, c) => t + c.count, 0)] as const;
        }),
    ),
  );
  const responsesOf = (w: StoredWave) =>
    settled(w) ? (state.waves[w.id]?.responses ?? 0) : (openCounts.get(w.id) ?? 0);

  const { waves: published, audit } = await auditWaves(deps, collaboration.minGroupSize, accumulators);
  const cells = aggregate({
    ...config,
    waves: closed.map((w, i) => ({
      id: w.id,
      status: 'closed' as const,
      cells: published[i] as Cell[],
    })),
  });
  const names: Record<string, (id: string) => string> = {
    neighbourhood: (id) => collaboration.neighbourhoods.find((n) => n.id === id)?.name ?? id,
    sector: (id) => SECTOR_NAMES[id as keyof typeof SECTOR_NAMES] ?? id,
  };
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    collaboration: { id: collaboration.id, name: collaboration.name },
    survey: { id: survey.id, title: survey.title },
    minGroupSize: collaboration.minGroupSize,
    characteristics: collaboration.framework.characteristics.map(({ id, name }) => ({ id, name })),
    segments: config.dimensions.flatMap((d) =>
      (d.segments ?? []).map((id) => ({ dimension: d.name, id, name: names[d.name]?.(id) ?? id })),
    ),
    waves: waves.map((w) => ({
      id: w.id,
      opensAt: w.opensAt,
      closesAt: w.closesAt,
      status: w.status,
      ...participation(invited, responsesOf(w)),
    })),
    cells,
    audit,
  };
  return { snapshot, state, computed, reused };
};

/** What sums depend on: characteristics, likert questions and dimension names (not segment lists or thresholds). */
const shapeHash = (spec: ReturnType<typeof waveSpecFor>) =>
  createHash('sha256')
    .update(
      JSON.stringify([
        spec.characteristics,
        spec.questions,
        spec.dimensions.map((d) => d.name),
        spec.bands ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 16);

/**
 * A frozen wave's sums, or null when they are missing or unreadable (not JSON, or not sums of this
 * wave's shape): then the wave is recomputed from its responses (and, when persisting, its sums
 * written again) instead of failing the survey, and the corruption is logged at ERROR.
 */
const readFrozenSums = async (
  deps: JobDeps,
  key: string,
  waveId: string,
  fresh: () => WaveAccumulator,
): Promise<WaveAccumulator | null> => {
  const bytes = await deps.objects.get(key);
  if (!bytes) return null;
  try {
    const accumulator = fresh();
    accumulator.merge(JSON.parse(new TextDecoder().decode(bytes)) as AccumulatorState);
    return accumulator;
  } catch (error) {
    deps.logError('frozen wave sums unreadable: recomputing the wave from its responses', error, {
      key,
      waveId,
    });
    return null;
  }
};
