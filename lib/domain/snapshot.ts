import * as z from 'zod';
import { type Cell, cellSchema } from './aggregation/index.js';
import { WAVE_STATUSES } from './wave.js';

export const SNAPSHOT_SCHEMA_VERSION = '1';

const participationSchema = {
  /** Links live while the wave was open (not created after it closed, not revoked before it opened). */
  invited: z.int().min(0),
  responses: z.int().min(0),
  /** responses / invited; null when nobody was invited. */
  responseRate: z.number().min(0).nullable(),
};

/** Participation of one segment in one wave: `waves[].bySegment`, and a row of the participation table. */
export const segmentParticipationSchema = z.object({
  dimension: z.string(),
  segment: z.string(),
  segmentName: z.string(),
  ...participationSchema,
});

/** One wave in `waves[]`: participation for every wave; fixed at its first publication once closed. */
export const snapshotWaveSchema = z.object({
  id: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  status: z.enum(WAVE_STATUSES),
  ...participationSchema,
  bySegment: z.array(segmentParticipationSchema),
  /**
   * The threshold this wave's cells were published under (fixed with them); absent until they are.
   * It can differ from the snapshot's `minGroupSize`, which is today's setting for waves to come.
   */
  minGroupSize: z.int().optional(),
});
export type SnapshotWave = z.infer<typeof snapshotWaveSchema>;

/** `latest.json` (and each `history/` copy): public contract, see DESIGN "S3 snapshots". */
export const snapshotSchema = z
  .object({
    schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
    generatedAt: z.iso.datetime(),
    collaboration: z.object({ id: z.string(), name: z.string() }),
    survey: z.object({ id: z.string(), title: z.string() }),
    minGroupSize: z.int(),
    characteristics: z.array(z.object({ id: z.string(), name: z.string() })),
    segments: z.array(z.object({ dimension: z.string(), id: z.string(), name: z.string() })),
    waves: z.array(snapshotWaveSchema),
    cells: z.array(cellSchema),
    /** What the disclosure audit did for this snapshot (DESIGN "Disclosure audit"). */
    audit: z
      .object({
        cellsChecked: z.int().min(0),
        extraSuppressed: z.int().min(0),
        groupDisclosures: z.int().min(0),
        solverMs: z.number().min(0),
        informationLoss: z.number().min(0).max(1),
      })
      .optional(),
  })
  .meta({
    title: 'Alliance Pulse snapshot',
    description:
      'Aggregates of one survey: participation for every wave, and for closed waves one cell per wave × dimension × segment × characteristic (and × question), after disclosure control.',
  });
export type Snapshot = z.infer<typeof snapshotSchema>;

/** JSON Schema of `latest.json`, generated from the zod schema (published as `snapshot.schema.json`). */
export const snapshotJsonSchema = () => z.toJSONSchema(snapshotSchema, { target: 'draft-2020-12' });

/** A cell as one flat row: the columns of `latest.csv` and of the Parquet table, in this order. */
export const FLAT_COLUMNS = [
  ['wave', 'string'],
  ['dimension', 'string'],
  ['segment', 'string'],
  ['characteristic', 'string'],
  ['question', 'string'],
  ['n', 'int'],
  ['dontKnow', 'int'],
  ['distribution_1', 'int'],
  ['distribution_2', 'int'],
  ['distribution_3', 'int'],
  ['distribution_4', 'int'],
  ['distribution_5', 'int'],
  ['mean', 'double'],
  ['sd', 'double'],
  ['ci95_low', 'double'],
  ['ci95_high', 'double'],
  ['favourable', 'double'],
  ['favourableCi95_low', 'double'],
  ['favourableCi95_high', 'double'],
  ['band', 'string'],
  ['suppressed', 'boolean'],
  ['change_fromWave', 'string'],
  ['change_meanDelta', 'double'],
  ['change_favourableDelta', 'double'],
  ['change_favourableDeltaCi95_low', 'double'],
  ['change_favourableDeltaCi95_high', 'double'],
  ['change_pValue', 'double'],
  ['change_qValue', 'double'],
  ['change_significant', 'boolean'],
  // Added by issue 7, after the original columns so positional readers of the CSV keep working.
  ['waveOpensAt', 'string'],
  ['waveClosesAt', 'string'],
  ['segmentName', 'string'],
  ['characteristicName', 'string'],
  ['questionText', 'string'],
  ['change_itemsChanged', 'boolean'],
  ['vsRest_meanDelta', 'double'],
  ['vsRest_pValue', 'double'],
  ['vsRest_qValue', 'double'],
  ['vsRest_significant', 'boolean'],
] as const;
export type FlatColumn = (typeof FLAT_COLUMNS)[number][0];
export type FlatRow = Record<FlatColumn, string | number | boolean | null>;

export const flattenCell = (c: Cell): FlatRow => ({
  wave: c.wave,
  dimension: c.dimension,
  segment: c.segment,
  characteristic: c.characteristic,
  question: c.question,
  n: c.n,
  dontKnow: c.dontKnow,
  distribution_1: c.distribution?.[0] ?? null,
  distribution_2: c.distribution?.[1] ?? null,
  distribution_3: c.distribution?.[2] ?? null,
  distribution_4: c.distribution?.[3] ?? null,
  distribution_5: c.distribution?.[4] ?? null,
  mean: c.mean,
  sd: c.sd,
  ci95_low: c.ci95?.[0] ?? null,
  ci95_high: c.ci95?.[1] ?? null,
  favourable: c.favourable,
  favourableCi95_low: c.favourableCi95?.[0] ?? null,
  favourableCi95_high: c.favourableCi95?.[1] ?? null,
  band: c.band,
  suppressed: c.suppressed,
  change_fromWave: c.change?.fromWave ?? null,
  change_meanDelta: c.change?.meanDelta ?? null,
  change_favourableDelta: c.change?.favourableDelta ?? null,
  change_favourableDeltaCi95_low: c.change?.favourableDeltaCi95?.[0] ?? null,
  change_favourableDeltaCi95_high: c.change?.favourableDeltaCi95?.[1] ?? null,
  change_pValue: c.change?.pValue ?? null,
  change_qValue: c.change?.qValue ?? null,
  change_significant: c.change?.significant ?? null,
  waveOpensAt: c.waveOpensAt,
  waveClosesAt: c.waveClosesAt,
  segmentName: c.segmentName,
  characteristicName: c.characteristicName,
  questionText: c.questionText,
  change_itemsChanged: c.change?.itemsChanged ?? null,
  vsRest_meanDelta: c.vsRest?.meanDelta ?? null,
  vsRest_pValue: c.vsRest?.pValue ?? null,
  vsRest_qValue: c.vsRest?.qValue ?? null,
  vsRest_significant: c.vsRest?.significant ?? null,
});

/** The participation table (`participation.csv` / `.parquet`): one row per wave × dimension × segment. */
export const PARTICIPATION_COLUMNS = [
  ['wave', 'string'],
  ['waveOpensAt', 'string'],
  ['waveClosesAt', 'string'],
  ['status', 'string'],
  ['dimension', 'string'],
  ['segment', 'string'],
  ['segmentName', 'string'],
  ['invited', 'int'],
  ['responses', 'int'],
  ['responseRate', 'double'],
] as const;
export type ParticipationColumn = (typeof PARTICIPATION_COLUMNS)[number][0];
export type ParticipationRow = Record<ParticipationColumn, string | number | null>;

/** Every wave's participation as rows: an `overall` row (segment null), then its `bySegment` rows. */
export const participationRows = (snapshot: Pick<Snapshot, 'waves'>): ParticipationRow[] =>
  snapshot.waves.flatMap((w) => {
    const wave = { wave: w.id, waveOpensAt: w.opensAt, waveClosesAt: w.closesAt, status: w.status };
    return [
      {
        ...wave,
        dimension: 'overall',
        segment: null,
        segmentName: null,
        invited: w.invited,
        responses: w.responses,
        responseRate: w.responseRate,
      },
      ...w.bySegment.map((s) => ({ ...wave, ...s })),
    ];
  });
