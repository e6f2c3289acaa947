import { SNAPSHOT_PREFIX } from '../../lib/app/snapshot-files.js';
import {
  FLAT_COLUMNS,
  PARTICIPATION_COLUMNS as PARTICIPATION_FLAT_COLUMNS,
} from '../../lib/domain/snapshot.js';

/** Athena types of the flat column kinds the Parquet writer uses. */
const ATHENA_TYPES = { string: 'string', int: 'int', double: 'double', boolean: 'boolean' } as const;

/**
 * The columns of `snapshots/v1/tables/cells/collaboration={c}/survey={s}/cells.parquet`, in order, as
 * the Glue table declares them — derived from the very list the Parquet writer uses, so they cannot
 * drift. Glue stores names in lower case; Athena matches Parquet columns by name regardless of case.
 */
export const CELLS_COLUMNS = FLAT_COLUMNS.map(([name, kind]) => ({ name, type: ATHENA_TYPES[kind] }));

/** Where the Parquet table lives, below the snapshot prefix; one folder per partition. */
export const CELLS_TABLE_PREFIX = `${SNAPSHOT_PREFIX}/tables/cells/`;

/** The partition columns, in path order: `collaboration={c}/survey={s}/`. */
export const CELLS_PARTITION_KEYS = ['collaboration', 'survey'] as const;

/**
 * The columns of `snapshots/v1/tables/participation/collaboration={c}/survey={s}/participation.parquet`
 * (invited, responses and response rate per wave × segment), derived from the writer's list likewise.
 */
export const PARTICIPATION_COLUMNS = PARTICIPATION_FLAT_COLUMNS.map(([name, kind]) => ({
  name,
  type: ATHENA_TYPES[kind],
}));

export const PARTICIPATION_TABLE_PREFIX = `${SNAPSHOT_PREFIX}/tables/participation/`;
