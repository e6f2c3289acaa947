import { type Collaboration, SECTOR_NAMES, SECTORS, type Sector } from '../collaboration.js';
import type { ResponseRecord } from '../response.js';
import { OVERALL } from './cell.js';

/**
 * A way of splitting respondents into segments (each response falls in exactly one segment of each
 * dimension, which is what makes the segments add up to `overall`).
 */
export interface Dimension {
  /** Published as the cell's `dimension`; must not be `overall`. */
  name: string;
  /** The segment a response belongs to. Called once per response, so keep it cheap. */
  segmentOf: (response: ResponseRecord) => string;
  /**
   * Segments to publish even when nobody in them answered (as suppressed n = 0 cells), in this order,
   * so the table keeps its shape from wave to wave. Segments met in responses but not listed here are
   * still counted and published, after these, in code-point order.
   */
  segments?: readonly string[];
}

export const NEIGHBOURHOOD_DIMENSION: Dimension = {
  name: 'neighbourhood',
  segmentOf: (r) => r.neighbourhoodId,
};
export const SECTOR_DIMENSION: Dimension = { name: 'sector', segmentOf: (r) => r.sector };

/**
 * The default dimensions for a collaboration: its neighbourhoods, in the order it lists them, and the
 * sectors of its partners, in the order of `SECTORS`. Sectors none of its partners belong to are left
 * out: a permanently empty row would carry no information, yet (as a hidden member of every relation)
 * would force another sector to be suppressed.
 */
export const defaultDimensions = (
  collaboration: Pick<Collaboration, 'neighbourhoods' | 'partners'>,
): Dimension[] => {
  const sectors = new Set(collaboration.partners.map((p) => p.sector));
  return [
    { ...NEIGHBOURHOOD_DIMENSION, segments: collaboration.neighbourhoods.map((n) => n.id) },
    { ...SECTOR_DIMENSION, segments: SECTORS.filter((s) => sectors.has(s)) },
  ];
};

/** The dimensions an alliance can choose to publish, by name. */
export const DIMENSION_NAMES = ['neighbourhood', 'sector'] as const;
export type DimensionName = (typeof DIMENSION_NAMES)[number];

/**
 * The dimensions a collaboration publishes (its `dimensions` setting, by default neighbourhood and
 * sector), each with its configured segments in the collaboration's order. Partners are deliberately
 * not a dimension: each partner sits inside one sector, and organisation-level figures are the ones
 * most easily tied back to people.
 */
export const dimensionsFor = (
  collaboration: Pick<Collaboration, 'neighbourhoods' | 'partners'> & {
    dimensions?: readonly DimensionName[];
  },
): Dimension[] => {
  const [neighbourhood, sector] = defaultDimensions(collaboration) as [Dimension, Dimension];
  const all: Record<DimensionName, Dimension> = { neighbourhood, sector };
  return (collaboration.dimensions ?? DIMENSION_NAMES).map((name) => all[name]);
};

/** Throws unless dimension names are non-empty and distinct, and none is `overall`. */
export const checkDimensions = (dimensions: readonly Dimension[]): void => {
  const seen = new Set<string>([OVERALL]);
  for (const d of dimensions) {
    if (!d.name || seen.has(d.name))
      throw new RangeError(`Dimension name "${d.name}" is empty, reserved or repeated`);
    seen.add(d.name);
  }
};

/** Display names of a collaboration's segments: neighbourhood names, and sector names. */
export const segmentNamesFor =
  (collaboration: Pick<Collaboration, 'neighbourhoods'>) =>
  (dimension: string, segment: string): string => {
    if (dimension === NEIGHBOURHOOD_DIMENSION.name) {
      return collaboration.neighbourhoods.find((n) => n.id === segment)?.name ?? segment;
    }
    if (dimension === SECTOR_DIMENSION.name && Object.hasOwn(SECTOR_NAMES, segment)) {
      return SECTOR_NAMES[segment as Sector];
    }
    return segment;
  };
