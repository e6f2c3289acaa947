import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import type { Cadence } from './survey.js';

/** The calendar day (YYYY-MM-DD) of an instant in a time zone (en-CA formats dates as ISO). */
export const localDay = (at: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );

/** The month (YYYY-MM) of an instant in a time zone: the default id of a wave opened then. */
export const localMonth = (at: Date, timeZone: string): string => localDay(at, timeZone).slice(0, 7);

/** Adds whole local days (DST-safe: 09:00 stays 09:00). */
export const addLocalDays = (at: Date, days: number, timeZone: string): Date =>
  new Date(addDays(new TZDate(at.getTime(), timeZone), days).getTime());

/** A wall-clock time in a zone, e.g. "2027-01-04T09:00:00" in Europe/London, as an instant. */
export const fromLocal = (local: string, timeZone: string): Date => {
  const [y, mo, d, h, mi, s] = (local.match(/\d+/g) ?? []).map(Number);
  return new Date(new TZDate(y ?? 1970, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0, timeZone).getTime());
};

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
export const formatLocal = (at: Date | string, timeZone: string): string => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(typeof at === 'string' ? new Date(at) : at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}`;
};
