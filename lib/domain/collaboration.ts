import * as z from 'zod';
import defaultFramework from './default-framework.json' with { type: 'json' };
import { idSchema, uniqueIds } from './ids.js';
import { retentionMonthsSchema } from './retention.js';

export const SECTORS = ['local-authority', 'primary-care', 'nhs-trust', 'vcse', 'other'] as const;
export const sectorSchema = z.enum(SECTORS);
export type Sector = z.infer<typeof sectorSchema>;
export const SECTOR_NAMES: Record<Sector, string> = {
  'local-authority': 'Local authority',
  'primary-care': 'Primary care',
  'nhs-trust': 'NHS trust',
  vcse: 'Voluntary, community and social enterprise',
  other: 'Other',
};

export const characteristicSchema = z.strictObject({
  id: idSchema,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
});

export const frameworkSchema = z.strictObject({
  characteristics: uniqueIds(characteristicSchema).min(1).max(50),
});
export type Framework = z.infer<typeof frameworkSchema>;

/** The eight-characteristic collaboration-health framework, shipped as data; alliances may replace it. */
export const DEFAULT_FRAMEWORK: Framework = frameworkSchema.parse(defaultFramework);

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** Body of `PUT /admin/collaborations/{c}`. */
export const collaborationDocumentSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  neighbourhoods: uniqueIds(z.strictObject({ id: idSchema, name: z.string().trim().min(1).max(200) }))
    .min(1)
    .max(500),
  partners: uniqueIds(
    z.strictObject({ id: idSchema, name: z.string().trim().min(1).max(200), sector: sectorSchema }),
  )
    .min(1)
    .max(2000),
  minGroupSize: z.int().min(2).max(1000).default(5),
  minCommentGroupSize: z.int().min(2).max(1000).default(10),
  timeZone: z
    .string()
    .default('Europe/London')
    .refine(isTimeZone, { message: 'Must be an IANA time zone such as Europe/London' }),
  framework: frameworkSchema.default(DEFAULT_FRAMEWORK),
  /** How published cells are broken down besides `overall`. */
  dimensions: z
    .array(z.enum(['neighbourhood', 'sector']))
    .max(2)
    .refine((d) => new Set(d).size === d.length, { message: 'List each dimension once' })
    .default(['neighbourhood', 'sector']),
  /** Bands from the unrounded mean: `strength` at or above `strength`, `borderline` at or above `borderline`. */
  bandThresholds: z
    .strictObject({ strength: z.number().min(1).max(5), borderline: z.number().min(1).max(5) })
    .refine((b) => b.borderline < b.strength, {
      message: 'borderline must be below strength',
      path: ['borderline'],
    })
    .default({ strength: 4, borderline: 3 }),
  /**
   * Months a closed wave's raw responses and comments are kept once its figures are frozen; the
   * deployment's default (`PULSE_RETENTION_MONTHS`) when absent.
   */
  retentionMonths: retentionMonthsSchema.optional(),
});
export type CollaborationDocument = z.infer<typeof collaborationDocumentSchema>;

export type Collaboration = CollaborationDocument & { id: string };

/**
 * The lowest thresholds a deployment allows (privacy rule 9): deployment settings support users
 * cannot change, so nobody with admin rights can lower a threshold to read small groups.
 */
export interface ThresholdFloors {
  minGroupSize: number;
  minCommentGroupSize: number;
}
export const DEFAULT_THRESHOLD_FLOORS: ThresholdFloors = { minGroupSize: 5, minCommentGroupSize: 10 };

/**
 * The thresholds in force: the collaboration's, never below the floors (a collaboration stored before
 * a floor was raised is held to the floor, not to its old value).
 */
export const thresholdsFor = (
  collaboration: Pick<Collaboration, 'minGroupSize' | 'minCommentGroupSize'>,
  floors: ThresholdFloors = DEFAULT_THRESHOLD_FLOORS,
): ThresholdFloors => ({
  minGroupSize: Math.max(collaboration.minGroupSize, floors.minGroupSize),
  minCommentGroupSize: Math.max(collaboration.minCommentGroupSize, floors.minCommentGroupSize),
});
export type Partner = Collaboration['partners'][number];
export type Neighbourhood = Collaboration['neighbourhoods'][number];
