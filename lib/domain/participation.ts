/**
 * Participation (privacy rule 7): how many were invited to a wave and how many answered, overall, per
 * partner and neighbourhood, and per published segment. Participation is published; what people
 * answered is what disclosure control protects.
 */

import { defaultDimensions, segmentNamesFor } from './aggregation/dimensions.js';
import type { Collaboration } from './collaboration.js';
import type { Link } from './link.js';
import type { Wave } from './wave.js';

/** A count per partner × neighbourhood (links or responses). */
export interface PlaceCount {
  partnerId: string;
  neighbourhoodId: string;
  count: number;
}

/**
 * A wave's participation fixed when it settled (rule 7): the links live while it was open and its
 * responses, per partner × neighbourhood. Admin reads of closed waves use these, not the responses.
 */
export interface FrozenParticipation {
  invited: PlaceCount[];
  responses: PlaceCount[];
}

export interface Participation {
  invited: number;
  responses: number;
  responseRate: number | null;
}

export const participation = (invited: number, responses: number): Participation => ({
  invited,
  responses,
  responseRate: invited > 0 ? responses / invited : null,
});

/**
 * Whether a link counts as invited to a wave: it existed before the wave closed and was not revoked
 * before it opened. A revoked link with no recorded time (revoked before times were kept) does not count.
 */
export const wasLiveDuring = (
  link: Pick<Link, 'createdAt' | 'revoked' | 'revokedAt'>,
  wave: Pick<Wave, 'opensAt' | 'closesAt'>,
): boolean =>
  Date.parse(link.createdAt) < Date.parse(wave.closesAt) &&
  (!link.revoked || (link.revokedAt !== undefined && Date.parse(link.revokedAt) > Date.parse(wave.opensAt)));

/** Counts places (links, responses) per partner × neighbourhood as they come. */
export class PlaceTally {
  readonly #counts = new Map<string, PlaceCount>();

  add(partnerId: string, neighbourhoodId: string): void {
    const key = `${partnerId}\u0000${neighbourhoodId}`;
    const entry = this.#counts.get(key);
    if (entry) entry.count++;
    else this.#counts.set(key, { partnerId, neighbourhoodId, count: 1 });
  }

  counts(): PlaceCount[] {
    return [...this.#counts.values()].map((c) => ({ ...c }));
  }
}

/** Counts per partner × neighbourhood of the given places (links, responses). */
export const countPlaces = (
  places: Iterable<{ partnerId: string; neighbourhoodId: string }>,
): PlaceCount[] => {
  const tally = new PlaceTally();
  for (const { partnerId, neighbourhoodId } of places) tally.add(partnerId, neighbourhoodId);
  return tally.counts();
};

/** The links live while a wave was open, per partner × neighbourhood. */
export const invitedTo = (
  links: readonly Pick<Link, 'partnerId' | 'neighbourhoodId' | 'createdAt' | 'revoked' | 'revokedAt'>[],
  wave: Pick<Wave, 'opensAt' | 'closesAt'>,
): PlaceCount[] => countPlaces(links.filter((l) => wasLiveDuring(l, wave)));

const total = (counts: readonly PlaceCount[], where: (c: PlaceCount) => boolean = () => true) =>
  counts.reduce((t, c) => (where(c) ? t + c.count : t), 0);

/** Overall participation from counts per place. */
export const participationOf = (counts: FrozenParticipation): Participation =>
  participation(total(counts.invited), total(counts.responses));

/** Participation of each listed id (partners or neighbourhoods), in the order given. */
export const participationBy = (
  counts: FrozenParticipation,
  ids: readonly string[],
  keyOf: (c: PlaceCount) => string,
): ({ id: string } & Participation)[] =>
  ids.map((id) => ({
    id,
    ...participation(
      total(counts.invited, (c) => keyOf(c) === id),
      total(counts.responses, (c) => keyOf(c) === id),
    ),
  }));

/** One row of `waves[].bySegment` and of the participation table. */
export interface SegmentParticipation extends Participation {
  dimension: string;
  segment: string;
  segmentName: string;
}

/**
 * Participation per segment of the published dimensions: each neighbourhood, each sector of the
 * collaboration's partners (then any other place met in the counts, in code-point order).
 */
export const participationBySegment = (
  counts: FrozenParticipation,
  collaboration: Pick<Collaboration, 'neighbourhoods' | 'partners'>,
  dimensions: readonly string[],
): SegmentParticipation[] => {
  const sectorOf = new Map(collaboration.partners.map((p) => [p.id, p.sector] as const));
  const keys: Partial<Record<string, (c: PlaceCount) => string>> = {
    neighbourhood: (c) => c.neighbourhoodId,
    sector: (c) => sectorOf.get(c.partnerId) ?? 'other',
  };
  const listed = new Map(defaultDimensions(collaboration).map((d) => [d.name, d.segments ?? []]));
  const nameOf = segmentNamesFor(collaboration);
  return dimensions.flatMap((dimension) => {
    const keyOf = keys[dimension];
    if (!keyOf) return [];
    const known = listed.get(dimension) ?? [];
    const met = [...new Set([...counts.invited, ...counts.responses].map(keyOf))]
      .filter((s) => !known.includes(s))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return participationBy(counts, [...known, ...met], keyOf).map(({ id, ...figures }) => ({
      dimension,
      segment: id,
      segmentName: nameOf(dimension, id),
      ...figures,
    }));
  });
};
