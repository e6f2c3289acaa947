/**
 * The columns of `snapshots/v1/tables/cells/collaboration={c}/survey={s}/cells.parquet`, in order,
 * as the Glue table declares them (Athena types). Keep this list aligned with the Parquet writer:
 * it is the one place the catalog learns the schema. Glue stores names in lower case; Athena matches
 * Parquet columns by name without regard to case.
 */
export const CELLS_COLUMNS = [
  { name: 'wave', type: 'string' },
  { name: 'dimension', type: 'string' },
  { name: 'segment', type: 'string' },
  { name: 'characteristic', type: 'string' },
  { name: 'question', type: 'string' },
  { name: 'n', type: 'int' },
  { name: 'dontKnow', type: 'int' },
  { name: 'distribution_1', type: 'int' },
  { name: 'distribution_2', type: 'int' },
  { name: 'distribution_3', type: 'int' },
  { name: 'distribution_4', type: 'int' },
  { name: 'distribution_5', type: 'int' },
  { name: 'mean', type: 'double' },
  { name: 'sd', type: 'double' },
  { name: 'ci95_low', type: 'double' },
  { name: 'ci95_high', type: 'double' },
  { name: 'favourable', type: 'double' },
  { name: 'favourableCi95_low', type: 'double' },
  { name: 'favourableCi95_high', type: 'double' },
  { name: 'band', type: 'string' },
  { name: 'suppressed', type: 'boolean' },
  { name: 'change_fromWave', type: 'string' },
  { name: 'change_meanDelta', type: 'double' },
  { name: 'change_favourableDelta', type: 'double' },
  { name: 'change_favourableDeltaCi95_low', type: 'double' },
  { name: 'change_favourableDeltaCi95_high', type: 'double' },
  { name: 'change_pValue', type: 'double' },
  { name: 'change_qValue', type: 'double' },
  { name: 'change_significant', type: 'boolean' },
] as const;

/** Where the Parquet table lives, below the snapshot prefix; one folder per partition. */
export const CELLS_TABLE_PREFIX = 'snapshots/v1/tables/cells/';

/** The partition columns, in path order: `collaboration={c}/survey={s}/`. */
export const CELLS_PARTITION_KEYS = ['collaboration', 'survey'] as const;
