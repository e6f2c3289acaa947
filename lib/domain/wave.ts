import * as z from 'zod';
import { idSchema } from './ids.js';
import { localMonth } from './time.js';

export const WAVE_STATUSES = ['scheduled', 'open', 'closed'] as const;
export type WaveStatus = (typeof WAVE_STATUSES)[number];

export interface Wave {
  id: string;
  /** ISO-8601 instants (UTC). */
  opensAt: string;
  closesAt: string;
  status: WaveStatus;
}

/** Body of `POST …/waves`: open a wave now. */
export const openWaveRequestSchema = z.strictObject({
  id: idSchema.optional(),
  closesAt: z.iso.datetime({ offset: true }).optional(),
});
/** Body of `PATCH …/waves/{w}`: extend (or shorten) an open wave. */
export const extendWaveRequestSchema = z.strictObject({ closesAt: z.iso.datetime({ offset: true }) });

/** A wave accepts responses when it is open and its closing time has not passed. */
export const isAcceptingResponses = (wave: Wave, now: Date): boolean =>
  wave.status === 'open' && now.getTime() < Date.parse(wave.closesAt);

/** The status a reader should see: an open wave past `closesAt` is closed even before the job records it. */
export const effectiveStatus = (wave: Wave, now: Date): WaveStatus =>
  wave.status === 'open' && now.getTime() >= Date.parse(wave.closesAt) ? 'closed' : wave.status;

/** Whether a wave's time span overlaps a window (a cadence round already covered by some wave). */
export const overlapsWindow = (
  wave: Pick<Wave, 'opensAt' | 'closesAt'>,
  window: { opensAt: Date; closesAt: Date },
) =>
  Date.parse(wave.opensAt) < window.closesAt.getTime() &&
  Date.parse(wave.closesAt) > window.opensAt.getTime();

/** A closed wave's cells appear this long after it closed (late in-flight submissions land first). */
export const SETTLE_AFTER_MS = 5 * 60_000;

/** Rule 4, strictly: a closed wave publishes cells once no late submission can still land. */
export const isSettled = (wave: Wave, now: Date): boolean =>
  wave.status === 'closed' && now.getTime() >= Date.parse(wave.closesAt) + SETTLE_AFTER_MS;

/**
 * The survey as a wave asked it (DESIGN "Waves remember what they asked"): kept when the wave opens,
 * so a closed wave's figures, labels and comments never follow later edits of the survey or framework.
 */
export interface WaveVersion {
  questions: { id: string; characteristic: string; text: string; type: 'likert5' | 'comment' }[];
  /** Names of the characteristics its questions map to, in framework order. */
  characteristics: { id: string; name: string }[];
}

/** The version of a survey as it stands: its questions and the names of the characteristics they ask about. */
export const versionOf = (
  survey: { questions: readonly WaveVersion['questions'][number][] },
  framework: { characteristics: readonly { id: string; name: string }[] },
): WaveVersion => {
  const asked = new Set(survey.questions.map((q) => q.characteristic));
  return {
    questions: survey.questions.map(({ id, characteristic, text, type }) => ({
      id,
      characteristic,
      text,
      type,
    })),
    characteristics: framework.characteristics
      .filter((c) => asked.has(c.id))
      .map(({ id, name }) => ({ id, name })),
  };
};

/** A wave as the API shows it: no storage details, and an open wave past its closing time shows as closed. */
export const publicWave = (wave: Wave, now?: Date): Wave => ({
  id: wave.id,
  opensAt: wave.opensAt,
  closesAt: wave.closesAt,
  status: now ? effectiveStatus(wave, now) : wave.status,
});

/** A free wave id: the local month it opens in (`2026-11`), then `2026-11-2`, `2026-11-3`, … */
export const freeWaveId = (taken: readonly Wave[], opensAt: Date, timeZone: string): string => {
  const ids = new Set(taken.map((w) => w.id));
  const base = localMonth(opensAt, timeZone);
  if (!ids.has(base)) return base;
  for (let i = 2; ; i++) if (!ids.has(`${base}-${i}`)) return `${base}-${i}`;
};
