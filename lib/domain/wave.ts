import * as z from 'zod';
import { idSchema } from './ids.js';

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
