import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { parquetWriteBuffer } from 'hyparquet-writer';
import {
  FLAT_COLUMNS,
  type FlatRow,
  flattenCell,
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

/** The cells as one flat CSV table; formulas are escaped so a cell cannot run in Excel. */
export const encodeCsv = (snapshot: Pick<Snapshot, 'cells'>): Uint8Array =>
  utf8(
    stringify(snapshot.cells.map(flattenCell), {
      header: true,
      columns: FLAT_COLUMNS.map(([name]) => name),
      cast: { boolean: (v) => (v ? 'true' : 'false') },
      escape_formulas: true,
    }),
  );

const PARQUET_TYPES = { string: 'STRING', int: 'INT32', double: 'DOUBLE', boolean: 'BOOLEAN' } as const;

/** The cells as a Parquet table, every column typed explicitly (whole doubles must stay DOUBLE). */
export const encodeParquet = (snapshot: Pick<Snapshot, 'cells'>): Uint8Array => {
  const rows: FlatRow[] = snapshot.cells.map(flattenCell);
  const buffer = parquetWriteBuffer({
    columnData: FLAT_COLUMNS.map(([name, type]) => ({
      name,
      data: rows.map((r) => r[name]),
      type: PARQUET_TYPES[type],
      nullable: true,
    })),
  });
  return new Uint8Array(buffer);
};

export const encodeSchema = (): Uint8Array => encodeJson(snapshotJsonSchema());

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A fingerprint of what a snapshot says, ignoring when it was generated: equal means nothing to publish. */
export const contentHash = (snapshot: Snapshot): string => {
  // The audit's timing differs on every run; it is not a change worth publishing.
  const { generatedAt: _ignored, audit, ...content } = snapshot;
  const { solverMs: _timing, ...auditContent } = audit ?? { solverMs: 0 };
  return sha256Hex(utf8(JSON.stringify({ ...content, audit: auditContent })));
};
