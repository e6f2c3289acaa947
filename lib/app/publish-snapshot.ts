import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { Snapshot } from '../domain/snapshot.js';
import { renderReport } from '../report/render-report.js';
import type { JobDeps } from './job-deps.js';
import {
  encodeCsv,
  encodeJson,
  encodeParquet,
  encodeParticipationCsv,
  encodeParticipationParquet,
  encodeSchema,
  MANIFEST_KEY,
  SCHEMA_KEY,
  SNAPSHOT_PREFIX,
  sha256Hex,
  snapshotKeys,
} from './snapshot-files.js';

const MANIFEST_LEASE_MS = 60_000;

/**
 * One current object in the manifest. `immutableKey` names a copy with the same bytes that is never
 * overwritten (`history/{generatedAt}.*`, or the schema by its checksum): a reader that follows it
 * gets exactly what `sha256` describes even while a later run is rewriting `key`, or after one
 * crashed half-way. It is absent only for objects published before immutable copies existed.
 */
const manifestEntrySchema = z.object({
  key: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.int().min(0),
  generatedAt: z.string().min(1),
  immutableKey: z.string().min(1).optional(),
});
type ManifestEntry = z.output<typeof manifestEntrySchema>;
const manifestSchema = z.object({ objects: z.array(manifestEntrySchema) });

/** The immutable copy of each current object of a survey, keyed by the snapshot's `generatedAt`. */
const immutableKeys = (collaborationId: string, surveyId: string, generatedAt: string) => {
  const keys = snapshotKeys(collaborationId, surveyId);
  const base = keys.history(generatedAt).replace(/\.json$/, '');
  return new Map([
    [keys.latestJson, `${base}.json`],
    [keys.latestCsv, `${base}.csv`],
    [keys.parquet, `${base}.cells.parquet`],
    [keys.report, `${base}.report.html`],
    [keys.participationCsv, `${base}.participation.csv`],
    [keys.participationParquet, `${base}.participation.parquet`],
  ]);
};
const schemaCopyKey = (sha256: string) => `${SNAPSHOT_PREFIX}/schema/${sha256}.schema.json`;

/**
 * Writes one snapshot and returns the keys written:
 * 1. the immutable copies (`history/{generatedAt}.json`, `.csv`, `.cells.parquet`, `.report.html`);
 * 2. the current objects (`latest.json`, `latest.csv`, the Parquet table, and the results report
 *    `report.html` rendered from the same snapshot, dates in the collaboration's time zone), each
 *    replaced whole;
 * 3. the manifest, pointing at both.
 * A crash anywhere leaves the previous manifest, whose immutable keys still hold what it describes;
 * the next run publishes again because the job remembers nothing of a run that did not finish.
 */
export const publishSnapshot = async (
  deps: JobDeps,
  snapshot: Snapshot,
  timeZone: string,
): Promise<string[]> => {
  const keys = snapshotKeys(snapshot.collaboration.id, snapshot.survey.id);
  const copies = immutableKeys(snapshot.collaboration.id, snapshot.survey.id, snapshot.generatedAt);
  const json = encodeJson(snapshot);
  const current: [string, Uint8Array, string][] = [
    [keys.latestJson, json, 'application/json'],
    [keys.latestCsv, encodeCsv(snapshot), 'text/csv; charset=utf-8'],
    [keys.parquet, encodeParquet(snapshot), 'application/vnd.apache.parquet'],
    [keys.report, new TextEncoder().encode(renderReport(snapshot, { timeZone })), 'text/html; charset=utf-8'],
    [keys.participationCsv, encodeParticipationCsv(snapshot), 'text/csv; charset=utf-8'],
    [keys.participationParquet, encodeParticipationParquet(snapshot), 'application/vnd.apache.parquet'],
  ];
  const written: string[] = [];
  for (const [key, body, contentType] of current) {
    const copy = copies.get(key) as string;
    await deps.objects.put(copy, body, contentType);
    written.push(copy);
  }
  const entries: ManifestEntry[] = [];
  for (const [key, body, contentType] of current) {
    await deps.objects.put(key, body, contentType);
    written.push(key);
    entries.push({
      key,
      sha256: sha256Hex(body),
      bytes: body.length,
      generatedAt: snapshot.generatedAt,
      immutableKey: copies.get(key),
    });
  }
  const schemaWritten = await updateManifest(deps, entries, snapshot.generatedAt);
  return [...written, ...schemaWritten, MANIFEST_KEY];
};

/**
 * The manifest lists every current object under the prefix (latest JSON and CSV, Parquet tables, the
 * schema) with its checksum and immutable copy; history copies are not listed themselves, so it
 * does not grow with every run. Runs for different surveys may finish together, so its
 * read-modify-write happens under a lease of its own. A missing or unreadable manifest is rebuilt
 * from a listing of the bucket first (all or nothing). The schema is (re)written when it differs
 * from what the manifest records; returns the schema keys written.
 */
const updateManifest = async (
  deps: JobDeps,
  entries: ManifestEntry[],
  generatedAt: string,
): Promise<string[]> => {
  const owner = randomUUID();
  for (
    let attempt = 0;
    !(await deps.leases.acquire('manifest', owner, MANIFEST_LEASE_MS, deps.now()));
    attempt++
  ) {
    if (attempt >= 50) throw new Error('The manifest lease stayed busy');
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    const objects = (await readManifest(deps)) ?? (await rebuildManifest(deps));
    const byKey = new Map(objects.map((o) => [o.key, o]));
    const schema = encodeSchema();
    const schemaSha = sha256Hex(schema);
    const written: string[] = [];
    if (byKey.get(SCHEMA_KEY)?.sha256 !== schemaSha || !byKey.get(SCHEMA_KEY)?.immutableKey) {
      const copy = schemaCopyKey(schemaSha);
      await deps.objects.put(copy, schema, 'application/schema+json');
      await deps.objects.put(SCHEMA_KEY, schema, 'application/schema+json');
      written.push(copy, SCHEMA_KEY);
      byKey.set(SCHEMA_KEY, {
        key: SCHEMA_KEY,
        sha256: schemaSha,
        bytes: schema.length,
        generatedAt,
        immutableKey: copy,
      });
    }
    for (const entry of entries) byKey.set(entry.key, entry);
    const sorted = [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
    await deps.objects.put(MANIFEST_KEY, encodeJson({ objects: sorted }), 'application/json');
    return written;
  } finally {
    await deps.leases.release('manifest', owner);
  }
};

/** The manifest's entries, or null when it is missing or cannot be read (logged: it will be rebuilt). */
const readManifest = async (deps: JobDeps): Promise<ManifestEntry[] | null> => {
  const bytes = await deps.objects.get(MANIFEST_KEY);
  if (!bytes) {
    deps.log('manifest missing: rebuilding it from the bucket listing');
    return null;
  }
  try {
    return manifestSchema.parse(JSON.parse(new TextDecoder().decode(bytes))).objects;
  } catch (error) {
    deps.logError('manifest unreadable: rebuilding it from the bucket listing', error);
    return null;
  }
};

/**
 * Every current object under the prefix, described from what the bucket holds now: each is read
 * and checksummed; a survey's `generatedAt` comes from its `latest.json`, and its immutable copies
 * are named only where they exist. Any failure throws, so a partial manifest is never written.
 */
const rebuildManifest = async (deps: JobDeps): Promise<ManifestEntry[]> => {
  const listed = await deps.objects.list(`${SNAPSHOT_PREFIX}/`);
  const present = new Set(listed);
  const isCurrent = (key: string) =>
    key !== MANIFEST_KEY &&
    !key.includes('/history/') &&
    !(key.startsWith(`${SNAPSHOT_PREFIX}/schema/`) && key !== SCHEMA_KEY);
  const generatedAtOf = new Map<string, string>();
  const copyOf = new Map<string, string>();
  const surveys = listed
    .map((key) => new RegExp(`^${SNAPSHOT_PREFIX}/([^/]+)/([^/]+)/latest\\.json$`).exec(key))
    .filter((m): m is RegExpExecArray => m !== null && m[1] !== 'tables' && m[1] !== 'schema');
  for (const [key, c, s] of surveys) {
    const bytes = await mustGet(deps, key);
    const { generatedAt } = JSON.parse(new TextDecoder().decode(bytes)) as { generatedAt: string };
    for (const [current, copy] of immutableKeys(c as string, s as string, generatedAt)) {
      generatedAtOf.set(current, generatedAt);
      if (present.has(copy)) copyOf.set(current, copy);
    }
  }
  const entries: ManifestEntry[] = [];
  for (const key of listed.filter(isCurrent)) {
    const bytes = await mustGet(deps, key);
    const sha256 = sha256Hex(bytes);
    const schemaCopy = key === SCHEMA_KEY ? schemaCopyKey(sha256) : undefined;
    entries.push({
      key,
      sha256,
      bytes: bytes.length,
      generatedAt: generatedAtOf.get(key) ?? deps.now().toISOString(),
      immutableKey: schemaCopy && present.has(schemaCopy) ? schemaCopy : copyOf.get(key),
    });
  }
  deps.log('manifest rebuilt from the bucket listing', { objects: entries.length });
  return entries;
};

const mustGet = async (deps: JobDeps, key: string): Promise<Uint8Array> => {
  const bytes = await deps.objects.get(key);
  if (!bytes) throw new Error(`${key} was listed but could not be read`);
  return bytes;
};
