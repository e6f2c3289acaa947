import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collaborationDocumentSchema } from '../../lib/domain/collaboration.js';
import {
  addMonths,
  DEFAULT_RETENTION_MONTHS,
  purgeDueAt,
  RETENTION_MONTHS,
  type RetentionFacts,
  retentionMonthsFor,
  retentionStep,
  ttlBackstopAt,
} from '../../lib/domain/retention.js';
import { collaborationDocument } from '../support/documents.js';

const closed = { id: 'w1', opensAt: '2030-01-07T09:00:00.000Z', closesAt: '2030-01-21T09:00:00.000Z' };
const facts = (
  overrides: Omit<Partial<RetentionFacts>, 'wave'> & { wave?: Partial<RetentionFacts['wave']> } = {},
): RetentionFacts => ({
  frozen: true,
  months: 12,
  now: new Date('2030-06-01T00:00:00.000Z'),
  ...overrides,
  wave: { ...closed, status: 'closed' as const, ...overrides.wave },
});

describe('calendar months', () => {
  it('adds whole months in UTC, ending on the last day of a shorter month', () => {
    expect(addMonths(new Date('2030-01-21T09:00:00.000Z'), 12).toISOString()).toBe(
      '2031-01-21T09:00:00.000Z',
    );
    expect(addMonths(new Date('2030-01-31T23:30:00.000Z'), 1).toISOString()).toBe('2030-02-28T23:30:00.000Z');
    expect(addMonths(new Date('2031-12-31T00:00:00.000Z'), 2).toISOString()).toBe('2032-02-29T00:00:00.000Z');
    expect(addMonths(new Date('2030-11-15T00:00:00.000Z'), 120).toISOString()).toBe(
      '2040-11-15T00:00:00.000Z',
    );
  });
});

describe('the retention setting', () => {
  it('is the collaboration’s own, else the deployment’s default, else 12 months', () => {
    expect(retentionMonthsFor({ retentionMonths: 6 }, 24)).toBe(6);
    expect(retentionMonthsFor({}, 24)).toBe(24);
    expect(retentionMonthsFor({})).toBe(DEFAULT_RETENTION_MONTHS);
    expect(DEFAULT_RETENTION_MONTHS).toBe(12);
  });

  it('is optional on a collaboration and a whole number of months from 1 to 120', () => {
    const parse = (retentionMonths: unknown) =>
      collaborationDocumentSchema.safeParse(collaborationDocument({ retentionMonths })).success;
    expect(collaborationDocumentSchema.parse(collaborationDocument()).retentionMonths).toBeUndefined();
    expect([1, 36, 120].map(parse)).toEqual([true, true, true]);
    expect([0, 121, 6.5, '12', null, -1].map(parse)).toEqual([false, false, false, false, false, false]);
  });
});

describe('the retention rule', () => {
  it('keeps a wave that is open, or closed but not frozen, however old', () => {
    const long = new Date('2045-01-01T00:00:00.000Z');
    expect(retentionStep(facts({ wave: { status: 'open' }, now: long })).kind).toBe('keep');
    expect(retentionStep(facts({ frozen: false, now: long })).kind).toBe('keep');
  });

  it('stamps a frozen wave not yet due once, with the backstop, then waits', () => {
    expect(retentionStep(facts())).toEqual({ kind: 'stamp', expiresAt: ttlBackstopAt(closed) });
    expect(retentionStep(facts({ wave: { expiryStamp: '2040-02-21T09:00:00.000Z' } })).kind).toBe('keep');
  });

  it('purges a frozen wave from the moment it has been closed for the retention in force, not before', () => {
    const due = purgeDueAt(closed, 12);
    expect(due.toISOString()).toBe('2031-01-21T09:00:00.000Z');
    expect(retentionStep(facts({ now: new Date(due.getTime() - 1) })).kind).toBe('stamp');
    expect(retentionStep(facts({ now: due })).kind).toBe('purge');
    expect(retentionStep(facts({ now: due, wave: { expiryStamp: 'x' } })).kind).toBe('purge');
  });

  it('reads the setting in force now: lengthening it postpones a purge, shortening it brings it forward', () => {
    const now = new Date('2031-03-01T00:00:00.000Z');
    expect(retentionStep(facts({ now, months: 12 })).kind).toBe('purge');
    expect(retentionStep(facts({ now, months: 24, wave: { expiryStamp: 'x' } })).kind).toBe('keep');
    expect(retentionStep(facts({ now: new Date('2030-03-01T00:00:00.000Z'), months: 1 })).kind).toBe('purge');
  });

  it('finishes a purge once begun, and never acts on a purged wave again', () => {
    const early = new Date('2030-02-01T00:00:00.000Z');
    expect(
      retentionStep(facts({ now: early, months: 120, wave: { purgeStartedAt: '2030-01-30T00:00:00.000Z' } }))
        .kind,
    ).toBe('purge');
    expect(
      retentionStep(facts({ wave: { purgeStartedAt: 'x', purgedAt: '2030-02-01T00:00:00.000Z' } })).kind,
    ).toBe('keep');
  });

  it('never lets the TTL backstop fall before any setting’s due time, whatever the wave and setting', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2060-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: RETENTION_MONTHS.min, max: RETENTION_MONTHS.max }),
        (closesAt, months) => {
          const wave = { closesAt: closesAt.toISOString() };
          return ttlBackstopAt(wave).getTime() > purgeDueAt(wave, months).getTime();
        },
      ),
    );
  });
});
