import type { Actor } from '../domain/audit.js';
import type { Collaboration } from '../domain/collaboration.js';
import { addLocalDays, localMonth } from '../domain/time.js';
import {
  effectiveStatus,
  extendWaveRequestSchema,
  isAcceptingResponses,
  openWaveRequestSchema,
  type Wave,
} from '../domain/wave.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { StoredWave, WaveRef } from '../stores/ports.js';
import type { AdminDeps, AppDeps } from './deps.js';
import { getCollaboration, getSurvey } from './manage-collaborations.js';
import { recordAudit } from './record-audit.js';
import { parseOrThrow } from './validate.js';

/** How many partitions a new wave's responses are spread over (kept on the wave, so it may change later). */
export const RESPONSE_SHARDS = 16;

export const waveRef = (collaborationId: string, surveyId: string, wave: StoredWave): WaveRef => ({
  collaborationId,
  surveyId,
  waveId: wave.id,
  shards: wave.shards,
});

/** A free wave id: the local month it opens in (`2026-11`), then `2026-11-2`, `2026-11-3`, … */
export const freeWaveId = (taken: readonly Wave[], opensAt: Date, timeZone: string): string => {
  const ids = new Set(taken.map((w) => w.id));
  const base = localMonth(opensAt, timeZone);
  if (!ids.has(base)) return base;
  for (let i = 2; ; i++) if (!ids.has(`${base}-${i}`)) return `${base}-${i}`;
};

/**
 * Opens a wave now (support team):
 * 1. refuse while another wave is open (one open wave per survey);
 * 2. closesAt defaults to now + the cadence's wave length (local days) and must be in the future;
 * 3. record it in the audit trail, then create it (409 if the id is taken).
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

export interface Participation {
  invited: number;
  responses: number;
  responseRate: number | null;
}
export interface WaveParticipation extends Wave, Participation {
  byPartner: ({ id: string } & Participation)[];
  byNeighbourhood: ({ id: string } & Participation)[];
}

/** The waves of a survey with live response counts (invited = links issued and not revoked). */
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
  const active = links.filter((l) => !l.revoked);
  const now = deps.now();
  return Promise.all(
    waves.map((wave) => withParticipation(deps, collaboration, surveyId, wave, active, now)),
  );
};

/** One wave with its live response counts, as in `listWaves` (404 when it does not exist). */
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
  const active = links.filter((l) => !l.revoked);
  return withParticipation(deps, collaboration, surveyId, wave, active, deps.now());
};

const withParticipation = async (
  deps: AppDeps,
  collaboration: Collaboration,
  surveyId: string,
  wave: StoredWave,
  active: readonly { partnerId: string; neighbourhoodId: string }[],
  now: Date,
): Promise<WaveParticipation> => {
  const counts = await deps.stores.responses.countWave(waveRef(collaboration.id, surveyId, wave));
  return {
    ...publicWave(wave, now),
    ...participation(active.length, sum(counts)),
    ...participationBreakdown(collaboration, active, counts),
  };
};

const participationBreakdown = (
  collaboration: Collaboration,
  links: readonly { partnerId: string; neighbourhoodId: string }[],
  counts: readonly { partnerId: string; neighbourhoodId: string; count: number }[],
) => {
  const by = (ids: string[], keyOf: (x: { partnerId: string; neighbourhoodId: string }) => string) =>
    ids.map((id) => ({
      id,
      ...participation(
        links.filter((l) => keyOf(l) === id).length,
        sum(counts.filter((c) => keyOf(c) === id)),
      ),
    }));
  return {
    byPartner: by(
      collaboration.partners.map((p) => p.id),
      (x) => x.partnerId,
    ),
    byNeighbourhood: by(
      collaboration.neighbourhoods.map((n) => n.id),
      (x) => x.neighbourhoodId,
    ),
  };
};

export const participation = (invited: number, responses: number): Participation => ({
  invited,
  responses,
  responseRate: invited > 0 ? responses / invited : null,
});

const sum = (counts: readonly { count: number }[]) => counts.reduce((t, c) => t + c.count, 0);

export const getWave = async (deps: AppDeps, collaborationId: string, surveyId: string, waveId: string) => {
  const wave = await deps.stores.waves.get(collaborationId, surveyId, waveId);
  if (!wave) throw new NotFoundError(`Wave "${waveId}" not found`);
  return wave;
};

/** A wave as the API shows it: no storage details, and an open wave past its closing time shows as closed. */
export const publicWave = (wave: StoredWave, now?: Date): Wave => ({
  id: wave.id,
  opensAt: wave.opensAt,
  closesAt: wave.closesAt,
  status: now ? effectiveStatus(wave, now) : wave.status,
});

const assertFuture = (closesAt: Date, now: Date) => {
  if (closesAt.getTime() <= now.getTime()) {
    throw new ValidationError('The wave is not valid', [
      { path: 'closesAt', message: 'Must be in the future' },
    ]);
  }
};
