import { describe, expect, it } from 'vitest';
import { invitedTo, participationBySegment, wasLiveDuring } from '../../lib/domain/participation.js';

const wave = { opensAt: '2027-01-04T09:00:00.000Z', closesAt: '2027-01-18T17:00:00.000Z' };
const link = (createdAt: string, revokedAt?: string) => ({
  partnerId: 'pcn',
  neighbourhoodId: 'north',
  createdAt,
  revoked: revokedAt !== undefined,
  ...(revokedAt ? { revokedAt } : {}),
});

describe('invited: links live while the wave was open (rule 7)', () => {
  it('counts a link created before the close and not revoked before the opening', () => {
    expect(wasLiveDuring(link('2026-12-01T00:00:00Z'), wave)).toBe(true);
    expect(wasLiveDuring(link('2027-01-10T00:00:00Z'), wave)).toBe(true);
    expect(wasLiveDuring(link('2026-12-01T00:00:00Z', '2027-01-10T00:00:00Z'), wave)).toBe(true);
    expect(wasLiveDuring(link('2026-12-01T00:00:00Z', '2027-02-01T00:00:00Z'), wave)).toBe(true);
  });

  it('leaves out a link created after the close, revoked before the opening, or revoked at an unknown time', () => {
    expect(wasLiveDuring(link('2027-01-19T00:00:00Z'), wave)).toBe(false);
    expect(wasLiveDuring(link('2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z'), wave)).toBe(false);
    expect(wasLiveDuring({ createdAt: '2026-12-01T00:00:00Z', revoked: true }, wave)).toBe(false);
  });

  it('gives per-segment rows for each published dimension, including places nobody was invited to', () => {
    const counts = {
      invited: invitedTo([link('2026-12-01T00:00:00Z'), link('2026-12-02T00:00:00Z')], wave),
      responses: [{ partnerId: 'pcn', neighbourhoodId: 'north', count: 1 }],
    };
    const collaboration = {
      neighbourhoods: [
        { id: 'north', name: 'North' },
        { id: 'south', name: 'South' },
      ],
      partners: [
        { id: 'pcn', name: 'PCN', sector: 'primary-care' as const },
        { id: 'council', name: 'Council', sector: 'local-authority' as const },
      ],
    };

    expect(participationBySegment(counts, collaboration, ['neighbourhood', 'sector'])).toEqual([
      {
        dimension: 'neighbourhood',
        segment: 'north',
        segmentName: 'North',
        invited: 2,
        responses: 1,
        responseRate: 0.5,
      },
      {
        dimension: 'neighbourhood',
        segment: 'south',
        segmentName: 'South',
        invited: 0,
        responses: 0,
        responseRate: null,
      },
      {
        dimension: 'sector',
        segment: 'local-authority',
        segmentName: 'Local authority',
        invited: 0,
        responses: 0,
        responseRate: null,
      },
      {
        dimension: 'sector',
        segment: 'primary-care',
        segmentName: 'Primary care',
        invited: 2,
        responses: 1,
        responseRate: 0.5,
      },
    ]);
  });
});
