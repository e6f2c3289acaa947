import { DateTime } from 'luxon';
import type { Cadence } from './survey.js';

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export const localDay = (at: Date, timeZone: string): string =>
  DateTime.fromJSDate(at, { zone: timeZone }).toISODate() ?? at.toISOString().slice(0, 10);

/** The month (YYYY-MM) of an instant in a time zone: the default id of a wave opened then. */
export const localMonth = (at: Date, timeZone: string): string => localDay(at, timeZone).slice(0, 7);

/** Adds whole local days (DST-safe: 09:00 stays 09:00). */
export const addLocalDays = (at: Date, days: number, timeZone: string): Date =>
  DateTime.fromJSDate(at, { zone: timeZone }).plus({ days }).toJSDate();

/** A wall-clock time in a zone, e.g. "2027-01-04T09:00:00" in Europe/London, as an instant. */
export const fromLocal = (local: string, timeZone: string): Date =>
  DateTime.fromISO(local, { zone: timeZone }).toJSDate();

export interface WaveWindow {
  opensAt: Date;
  closesAt: Date;
}

/** The k-th wave window of a cadence (k = 0 is the first wave). */
export const cadenceWindow = (cadence: Cadence, k: number, timeZone: string): WaveWindow => {
  const first = fromLocal(cadence.firstWaveOpensAt, timeZone);
  const opensAt = addLocalDays(first, k * cadence.intervalDays, timeZone);
  return { opensAt, closesAt: addLocalDays(opensAt, cadence.waveLengthDays, timeZone) };
};

/** The window the cadence has in force at `now`, if any, else null. */
export const cadenceWindowAt = (cadence: Cadence, now: Date, timeZone: string): WaveWindow | null => {
  const k = cadenceIndexAt(cadence, now, timeZone);
  if (k < 0) return null;
  const w = cadenceWindow(cadence, k, timeZone);
  return now >= w.opensAt && now < w.closesAt ? w : null;
};

/** The first cadence opening strictly after `now`. */
export const nextCadenceOpening = (cadence: Cadence, now: Date, timeZone: string): Date => {
  const k = Math.max(0, cadenceIndexAt(cadence, now, timeZone) + 1);
  const candidate = cadenceWindow(cadence, k, timeZone).opensAt;
  const first = cadenceWindow(cadence, 0, timeZone).opensAt;
  return now < first ? first : candidate;
};

/** Index of the latest cadence opening at or before `now` (-1 before the first). */
const cadenceIndexAt = (cadence: Cadence, now: Date, timeZone: string): number => {
  const first = fromLocal(cadence.firstWaveOpensAt, timeZone);
  if (now < first) return -1;
  let k = Math.floor((now.getTime() - first.getTime()) / (cadence.intervalDays * 86_400_000));
  // DST shifts move openings by an hour: step to the exact index.
  while (k > 0 && cadenceWindow(cadence, k, timeZone).opensAt > now) k--;
  while (cadenceWindow(cadence, k + 1, timeZone).opensAt <= now) k++;
  return k;
};

/** A friendly local date for pages, e.g. "Monday 4 January 2027 at 09:00". */
export const formatLocal = (at: Date | string, timeZone: string): string =>
  DateTime.fromJSDate(typeof at === 'string' ? new Date(at) : at, { zone: timeZone })
    .setLocale('en-GB')
    .toFormat("cccc d LLLL yyyy 'at' HH:mm");
