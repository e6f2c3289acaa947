import { ConflictError } from '../../errors.js';
import { KEPT_WAVE_FIELDS, type KeptWaveField, type StoredWave, type WaveStore } from '../ports.js';
import { entryOf, surveyKey } from './keys.js';

export class MemoryWaveStore implements WaveStore {
  private readonly bySurvey = new Map<string, Map<string, StoredWave>>();

  private wavesOf(collaborationId: string, surveyId: string): Map<string, StoredWave> {
    return entryOf(this.bySurvey, surveyKey(collaborationId, surveyId));
  }

  async list(collaborationId: string, surveyId: string): Promise<StoredWave[]> {
    return [...this.wavesOf(collaborationId, surveyId).values()]
      .map((w) => structuredClone(w))
      .sort((a, b) => a.opensAt.localeCompare(b.opensAt) || a.id.localeCompare(b.id));
  }

  async get(collaborationId: string, surveyId: string, waveId: string): Promise<StoredWave | null> {
    const found = this.wavesOf(collaborationId, surveyId).get(waveId);
    return found ? structuredClone(found) : null;
  }

  async create(collaborationId: string, surveyId: string, wave: StoredWave): Promise<void> {
    const waves = this.wavesOf(collaborationId, surveyId);
    if (waves.has(wave.id)) throw new ConflictError(`Wave "${wave.id}" already exists`);
    waves.set(wave.id, structuredClone(wave));
  }

  /** Sets only status and closesAt, like the DynamoDB adapter. */
  async update(collaborationId: string, surveyId: string, wave: StoredWave): Promise<void> {
    const found = this.wavesOf(collaborationId, surveyId).get(wave.id);
    if (!found) throw new ConflictError(`Wave "${wave.id}" does not exist`);
    found.status = wave.status;
    found.closesAt = wave.closesAt;
  }

  async keep(
    collaborationId: string,
    surveyId: string,
    waveId: string,
    fields: Pick<StoredWave, KeptWaveField>,
  ): Promise<void> {
    const found = this.wavesOf(collaborationId, surveyId).get(waveId);
    if (!found) throw new ConflictError(`Wave "${waveId}" does not exist`);
    // Written once: the first value recorded stands.
    const kept = found as Pick<StoredWave, KeptWaveField>;
    for (const field of KEPT_WAVE_FIELDS) {
      if (fields[field] !== undefined && kept[field] === undefined)
        Object.assign(kept, { [field]: structuredClone(fields[field]) });
    }
  }
}
