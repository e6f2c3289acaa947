import type { Collaboration } from '../domain/collaboration.js';
import type { Survey } from '../domain/survey.js';
import { cadenceWindowAt } from '../domain/time.js';
import {
  effectiveStatus,
  freeWaveId,
  isAcceptingResponses,
  overlapsWindow,
  versionOf,
} from '../domain/wave.js';
import { RESPONSE_SHARDS, type StoredWave } from '../stores/ports.js';
import type { AppDeps } from './deps.js';

/**
 * Opens and closes waves by the survey's cadence, read in the collaboration's time zone:
 * 1. an open wave past its `closesAt` is recorded as closed;
 * 2. when a cadence window is in force and no wave overlaps it (the support team may have opened,
 *    or closed early, one of their own), a wave opens for the rest of that window, keeping the survey
 *    as it asks now (its version).
 */
export const applyCadence = async (
  deps: AppDeps,
  collaboration: Collaboration,
  survey: Survey,
  waves: StoredWave[],
): Promise<{ waves: StoredWave[]; opened: string[]; closed: string[] }> => {
  const now = deps.now();
  const opened: string[] = [];
  const closed: string[] = [];
  const result: StoredWave[] = [];
  for (const wave of waves) {
    if (wave.status === 'open' && effectiveStatus(wave, now) === 'closed') {
      const done: StoredWave = { ...wave, status: 'closed' };
      await deps.stores.waves.update(collaboration.id, survey.id, done);
      closed.push(wave.id);
      result.push(done);
    } else {
      result.push(wave);
    }
  }
  const window = cadenceWindowAt(survey.cadence, now, collaboration.timeZone);
  if (
    window &&
    !result.some((w) => overlapsWindow(w, window)) &&
    !result.some((w) => isAcceptingResponses(w, now))
  ) {
    const wave: StoredWave = {
      id: freeWaveId(result, window.opensAt, collaboration.timeZone),
      opensAt: window.opensAt.toISOString(),
      closesAt: window.closesAt.toISOString(),
      status: 'open',
      shards: RESPONSE_SHARDS,
      version: versionOf(survey, collaboration.framework),
    };
    await deps.stores.waves.create(collaboration.id, survey.id, wave);
    opened.push(wave.id);
    result.push(wave);
  }
  return { waves: result, opened, closed };
};
