import type { Actor } from '../domain/audit.js';
import type { Collaboration } from '../domain/collaboration.js';
import {
  type FrozenParticipation,
  invitedTo,
  type Participation,
  participationBy,
  participationOf,
} from '../domain/participation.js';
import { addLocalDays } from '../domain/time.js';
import {
  effectiveStatus,
  extendWaveRequestSchema,
  freeWaveId,
  isAcceptingResponses,
  isSettled,
  openWaveRequestSchema,
  publicWave,
  versionOf,
  type Wave,
} from '../domain/wave.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { RESPONSE_SHARDS, type StoredWave, waveRef } from '../stores/ports.js';
import type { AdminDeps, AppDeps } from './deps.js';
import { getCollaboration, getSurvey } from './manage-collaborations.js';
import { recordAudit } from './record-audit.js';
import { parseOrThrow } from './validate.js';

/**
 * Opens a wave now (support team):
 * 1. refuse while another wave is open (one open wave per survey);
 * 2. closesAt defaults to now + the cadence's wave length (local days) and must be in the future;
 * 3. record it in the audit trail, then create it with its version — the survey as it asks now
 *    (409 if the id is taken).
 */
export const openWave = async (
  deps: AdminDeps,
  actor: Actor,
  collaborationId: string,
  surveyId: string,
  body: unknown,
): Promise<Wave> => {
  const request = parseOrThrow(openWaveRequestSchema, body ?? {}, 'wave');
  const [collaboration, survey, waves] = await Promise.all([
    getCollaboration(deps, collaborationId),
    getSurvey(deps, collaborationId, surveyId),
    deps.stores.waves.list(collaborationId, surveyId),
  ]);
  const now = deps.now();
  const open = waves.find((w) => isAcceptingResponses(w, now));
  if (open) throw new ConflictError(`Wave "${open.id}" is already open`);
  const closesAt = request.closesAt
    ? new Date(request.closesAt)
    : addLocalDays(now, survey.cadence.waveLengthDays, collaboration.timeZone);
  assertFuture(closesAt, now);
  const wave: StoredWave = {
    id: request.id ?? freeWaveId(waves, now, collaboration.timeZone),
    opensAt: now.toISOString(),
    closesAt: closesAt.toISOString(),
    status: 'open',
    shards: RESPONSE_SHARDS,
    version: versionOf(survey, collaboration.framework),
  };
  await recordAudit(
    deps,
    actor,
    'wave.open',
    { collaborationId, surveyId, waveId: wave.id },
    {
      closesAt: wave.closesAt,
    },
  );
  await deps.stores.waves.create(collaborationId, surveyId, wave);
  return publicWave(wave);
};

/** Moves an open wave's closing time (extend, or bring forward to a time still in the future); audited. */
export const extendWave = async (
  deps: AdminDeps,
  actor: Actor,
  collaborationId: string,
  surveyId: string,
  waveId: string,
  body: unknown,
): Promise<Wave> => {
  const request = parseOrThrow(extendWaveRequestSchema, body, 'wave change');
  const wave = await getWave(deps, collaborationId, surveyId, waveId);
  const now = deps.now();
  if (!isAcceptingResponses(wave, now)) throw new ConflictError(`Wave "${waveId}" is not open`);
  const closesAt = new Date(request.closesAt);
  assertFuture(closesAt, now);
  const updated: StoredWave = { ...wave, closesAt: closesAt.toISOString() };
  await recordAudit(
    deps,
    actor,
    'wave.move',
    { collaborationId, surveyId, waveId },
    {
      changes: [{ path: 'closesAt', before: wave.closesAt, after: updated.closesAt }],
    },
  );
  await deps.stores.waves.update(collaborationId, surveyId, updated);
  return publicWave(updated);
};

/** Closes a wave now (audited). Closing a closed wave is a no-op; a scheduled wave cannot be closed. */
export const closeWave = async (
  deps: AdminDeps,
  actor: Actor,
  collaborationId: string,
  surveyId: string,
  waveId: string,
): Promise<Wave> => {
  const wave = await getWave(deps, collaborationId, surveyId, waveId);
  const now = deps.now();
  if (wave.status === 'scheduled') throw new ConflictError(`Wave "${waveId}" has not opened yet`);
  if (wave.status === 'closed') return publicWave(wave);
  const closesAt = Math.min(Date.parse(wave.closesAt), now.getTime());
  const updated: StoredWave = { ...wave, status: 'closed', closesAt: new Date(closesAt).toISOString() };
  await recordAudit(
    deps,
    actor,
    'wave.close',
    { collaborationId, surveyId, waveId },
    {
      closesAt: updated.closesAt,
    },
  );
  await deps.stores.waves.update(collaborationId, surveyId, updated);
  return publicWave(updated);
};

export interface WaveParticipation extends Wave, Participation {
  byPartner: ({ id: string } & Participation)[];
  byNeighbourhood: ({ id: string } & Participation)[];
  /** When retention finished deleting the wave's individual answers and comments (its figures stay). */
  purgedAt?: string;
}

/**
 * The waves of a survey with their participation: live counts for waves not yet settled (invited =
 * links live while the wave is open), the frozen totals for settled ones — fixed the first time they
 * are needed, so a closed wave's responses are counted once, ever.
 */
export const listWaves = async (
  deps: AppDeps,
  collaborationId: string,
  surveyId: string,
): Promise<WaveParticipation[]> => {
  const [collaboration, , waves, links] = await Promise.all([
    getCollaboration(deps, collaborationId),
    getSurvey(deps, collaborationId, surveyId),
    deps.stores.waves.list(collaborationId, surveyId),
    deps.stores.links.list(collaborationId, surveyId),
  ]);
  const now = deps.now();
  return Promise.all(waves.map((wave) => withParticipation(deps, collaboration, surveyId, wave, links, now)));
};

/** One wave with its participation, as in `listWaves` (404 when it does not exist). */
export const getWaveParticipation = async (
  deps: AppDeps,
  collaborationId: string,
  surveyId: string,
  waveId: string,
): Promise<WaveParticipation> => {
  const [collaboration, , wave, links] = await Promise.all([
    getCollaboration(deps, collaborationId),
    getSurvey(deps, collaborationId, surveyId),
    getWave(deps, collaborationId, surveyId, waveId),
    deps.stores.links.list(collaborationId, surveyId),
  ]);
  return withParticipation(deps, collaboration, surveyId, wave, links, deps.now());
};

const withParticipation = async (
  deps: AppDeps,
  collaboration: Collaboration,
  surveyId: string,
  wave: StoredWave,
  links: Parameters<typeof invitedTo>[0],
  now: Date,
): Promise<WaveParticipation> => {
  const counts = await participationNow(deps, collaboration.id, surveyId, wave, links, now);
  return {
    ...publicWave(wave, now),
    ...participationOf(counts),
    byPartner: participationBy(
      counts,
      collaboration.partners.map((p) => p.id),
      (c) => c.partnerId,
    ),
    byNeighbourhood: participationBy(
      counts,
      collaboration.neighbourhoods.map((n) => n.id),
      (c) => c.neighbourhoodId,
    ),
    ...(wave.purgedAt ? { purgedAt: wave.purgedAt } : {}),
  };
};

/** A wave's participation per partner × neighbourhood: frozen once it has settled, else counted now. */
const participationNow = async (
  deps: AppDeps,
  collaborationId: string,
  surveyId: string,
  wave: StoredWave,
  links: Parameters<typeof invitedTo>[0],
  now: Date,
): Promise<FrozenParticipation> => {
  if (wave.participation) return wave.participation;
  const counts = await countParticipation(deps, collaborationId, surveyId, wave, links);
  if (isSettled({ ...wave, status: effectiveStatus(wave, now) }, now)) {
    await deps.stores.waves.keep(collaborationId, surveyId, wave.id, { participation: counts });
  }
  return counts;
};

/** A wave's participation counted now: the links live while it is open, and its responses (none before it opens). */
export const countParticipation = async (
  deps: AppDeps,
  collaborationId: string,
  surveyId: string,
  wave: StoredWave,
  links: Parameters<typeof invitedTo>[0],
): Promise<FrozenParticipation> => ({
  invited: invitedTo(links, wave),
  responses:
    wave.status === 'scheduled'
      ? []
      : await deps.stores.responses.countWave(waveRef(collaborationId, surveyId, wave)),
});

const getWave = async (deps: AppDeps, collaborationId: string, surveyId: string, waveId: string) => {
  const wave = await deps.stores.waves.get(collaborationId, surveyId, waveId);
  if (!wave) throw new NotFoundError(`Wave "${waveId}" not found`);
  return wave;
};

const assertFuture = (closesAt: Date, now: Date) => {
  if (closesAt.getTime() <= now.getTime()) {
    throw new ValidationError('The wave is not valid', [
      { path: 'closesAt', message: 'Must be in the future' },
    ]);
  }
};
