import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { parquetWriteBuffer } from 'hyparquet-writer';
import {
  FLAT_COLUMNS,
  flattenCell,
  PARTICIPATION_COLUMNS,
  participationRows,
  type Snapshot,
  snapshotJsonSchema,
} from '../domain/snapshot.js';

/** Where everything lives in the bucket (public contract: DESIGN "S3 snapshots"). */
export const SNAPSHOT_PREFIX = 'snapshots/v1';
export const snapshotKeys = (collaborationId: string, surveyId: string) => {
  const base = `${SNAPSHOT_PREFIX}/${collaborationId}/${surveyId}`;
  return {
    latestJson: `${base}/latest.json`,
    latestCsv: `${base}/latest.csv`,
    report: `${base}/report.html`,
    history: (generatedAt: string) => `${base}/history/${generatedAt}.json`,
    parquet: `${SNAPSHOT_PREFIX}/tables/cells/collaboration=${collaborationId}/survey=${surveyId}/cells.parquet`,
    participationCsv: `${base}/participation.csv`,
    participationParquet: `${SNAPSHOT_PREFIX}/tables/participation/collaboration=${collaborationId}/survey=${surveyId}/participation.parquet`,
  };
};
/**
 * The job's private memory (raw sums of frozen waves): in the same bucket, outside the published
 * prefix, so BI readers never see it.
 */
export const JOB_STATE_PREFIX = 'state/v1';

export const SCHEMA_KEY = `${SNAPSHOT_PREFIX}/schema/snapshot.schema.json`;
export const MANIFEST_KEY = `${SNAPSHOT_PREFIX}/manifest.json`;

const utf8 = (text: string) => new TextEncoder().encode(text);

export const encodeJson = (value: unknown): Uint8Array => utf8(`${JSON.stringify(value, null, 2)}\n`);

type ColumnType = 'string' | 'int' | 'double' | 'boolean';
type Table = { columns: readonly (readonly [string, ColumnType])[]; rows: Record<string, unknown>[] };

const cellsTable = (snapshot: Pick<Snapshot, 'cells'>): Table => ({
  columns: FLAT_COLUMNS,
  rows: snapshot.cells.map(flattenCell),
});
const participationTable = (snapshot: Pick<Snapshot, 'waves'>): Table => ({
  columns: PARTICIPATION_COLUMNS,
  rows: participationRows(snapshot),
});

/** A table as CSV; formulas are escaped so a cell cannot run in Excel. */
const toCsv = ({ columns, rows }: Table): Uint8Array =>
  utf8(
    stringify(rows, {
      header: true,
      columns: columns.map(([name]) => name),
      cast: { boolean: (v) => (v ? 'true' : 'false') },
      escape_formulas: true,
    }),
  );

const PARQUET_TYPES = { string: 'STRING', int: 'INT32', double: 'DOUBLE', boolean: 'BOOLEAN' } as const;

/** A table as Parquet, every column typed explicitly (whole doubles must stay DOUBLE). */
const toParquet = ({ columns, rows }: Table): Uint8Array =>
  new Uint8Array(
    parquetWriteBuffer({
      columnData: columns.map(([name, type]) => ({
        name,
        data: rows.map((r) => r[name]),
        type: PARQUET_TYPES[type],
        nullable: true,
      })),
    }),
  );

/** The cells as one flat table (`latest.csv`, `cells.parquet`). */
export const encodeCsv = (snapshot: Pick<Snapshot, 'cells'>): Uint8Array => toCsv(cellsTable(snapshot));
export const encodeParquet = (snapshot: Pick<Snapshot, 'cells'>): Uint8Array =>
  toParquet(cellsTable(snapshot));

/** Participation per wave × segment (`participation.csv`, `participation.parquet`). */
export const encodeParticipationCsv = (snapshot: Pick<Snapshot, 'waves'>): Uint8Array =>
  toCsv(participationTable(snapshot));
export const encodeParticipationParquet = (snapshot: Pick<Snapshot, 'waves'>): Uint8Array =>
  toParquet(participationTable(snapshot));

export const encodeSchema = (): Uint8Array => encodeJson(snapshotJsonSchema());

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A fingerprint of what a snapshot says, ignoring when it was generated: equal means nothing to publish. */
export const contentHash = (snapshot: Snapshot): string => {
  // The audit's timing differs on every run; it is not a change worth publishing.
  const { generatedAt: _ignored, audit, ...content } = snapshot;
  const { solverMs: _timing, ...auditContent } = audit ?? { solverMs: 0 };
  return sha256Hex(utf8(JSON.stringify({ ...content, audit: auditContent })));
};
