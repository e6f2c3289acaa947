import { describe, expect, it } from 'vitest';
import {
  addLocalDays,
  cadenceWindow,
  cadenceWindowAt,
  formatLocal,
  fromLocal,
  localDay,
  nextCadenceOpening,
} from '../../lib/domain/time.js';

const cadence = { intervalDays: 91, waveLengthDays: 14, firstWaveOpensAt: '2027-01-04T09:00:00' };
const london = 'Europe/London';

describe('cadence in the collaboration time zone', () => {
  it('reads the first opening as London wall-clock time (GMT in winter)', () => {
    expect(cadenceWindow(cadence, 0, london).opensAt.toISOString()).toBe('2027-01-04T09:00:00.000Z');
    expect(cadenceWindow(cadence, 0, london).closesAt.toISOString()).toBe('2027-01-18T09:00:00.000Z');
  });

  it('keeps 09:00 local across the change to summer time', () => {
    // 2027-01-04 + 91 days = 2027-04-05, in BST (UTC+1).
    expect(cadenceWindow(cadence, 1, london).opensAt.toISOString()).toBe('2027-04-05T08:00:00.000Z');
  });

  it('finds the window in force and the next opening', () => {
    const during = new Date('2027-04-10T12:00:00Z');
    const between = new Date('2027-05-01T12:00:00Z');
    const before = new Date('2026-12-01T00:00:00Z');

    expect(cadenceWindowAt(cadence, during, london)?.opensAt.toISOString()).toBe('2027-04-05T08:00:00.000Z');
    expect(cadenceWindowAt(cadence, between, london)).toBeNull();
    expect(nextCadenceOpening(cadence, between, london).toISOString()).toBe('2027-07-05T08:00:00.000Z');
    expect(nextCadenceOpening(cadence, before, london).toISOString()).toBe('2027-01-04T09:00:00.000Z');
  });

  it('gives the local day, not the UTC one', () => {
    expect(localDay(new Date('2027-06-30T23:30:00Z'), london)).toBe('2027-07-01');
    expect(localDay(new Date('2027-06-30T23:30:00Z'), 'UTC')).toBe('2027-06-30');
  });

  it('reads wall-clock times in other zones and across the autumn change', () => {
    expect(fromLocal('2027-07-01T09:00:00', 'America/New_York').toISOString()).toBe(
      '2027-07-01T13:00:00.000Z',
    );
    expect(fromLocal('2027-01-04T09:00', 'UTC').toISOString()).toBe('2027-01-04T09:00:00.000Z');
    // 2027-10-31: BST ends in London; a day later 09:00 local is 09:00 UTC again.
    const before = fromLocal('2027-10-30T09:00:00', london);
    expect(before.toISOString()).toBe('2027-10-30T08:00:00.000Z');
    expect(addLocalDays(before, 1, london).toISOString()).toBe('2027-10-31T09:00:00.000Z');
  });

  it('formats dates for pages in British English', () => {
    expect(formatLocal('2027-01-04T09:00:00Z', london)).toBe('Monday 4 January 2027 at 09:00');
    expect(formatLocal('2027-07-04T23:30:00Z', london)).toBe('Monday 5 July 2027 at 00:30');
  });
});
