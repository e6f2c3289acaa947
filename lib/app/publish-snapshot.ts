import { randomUUID } from 'node:crypto';
import type { Snapshot } from '../domain/snapshot.js';
import type { JobDeps } from './job-deps.js';
import {
  encodeCsv,
  encodeJson,
  encodeParquet,
  encodeSchema,
  MANIFEST_KEY,
  SCHEMA_KEY,
  sha256Hex,
  snapshotKeys,
} from './snapshot-files.js';

const MANIFEST_LEASE_MS = 60_000;

interface ManifestEntry {
  key: string;
  sha256: string;
  bytes: number;
  generatedAt: string;
}

/** Writes one snapshot in the contract's order and returns the keys written. */
export const publishSnapshot = async (deps: JobDeps, snapshot: Snapshot): Promise<string[]> => {
  const keys = snapshotKeys(snapshot.collaboration.id, snapshot.survey.id);
  const json = encodeJson(snapshot);
  const objects: [string, Uint8Array, string][] = [
    [keys.history(snapshot.generatedAt), json, 'application/json'],
    [keys.latestJson, json, 'application/json'],
    [keys.latestCsv, encodeCsv(snapshot), 'text/csv; charset=utf-8'],
    [keys.parquet, encodeParquet(snapshot), 'application/vnd.apache.parquet'],
  ];
  const entries: ManifestEntry[] = [];
  for (const [key, body, contentType] of objects) {
    await deps.objects.put(key, body, contentType);
    // History copies are immutable and many; the manifest describes the current objects only.
    if (key === keys.history(snapshot.generatedAt)) continue;
    entries.push({ key, sha256: sha256Hex(body), bytes: body.length, generatedAt: snapshot.generatedAt });
  }
  const schemaWritten = await updateManifest(deps, entries, snapshot.generatedAt);
  return [...objects.map(([key]) => key), ...(schemaWritten ? [SCHEMA_KEY] : []), MANIFEST_KEY];
};

/**
 * The manifest lists every current object under the prefix (latest JSON and CSV, Parquet tables, the
 * schema) with its checksum; immutable history copies are left out so it does not grow with every run. Runs for different surveys
 * may finish together, so its read-modify-write happens under a lease of its own. The schema is
 * (re)written here when it differs from what the manifest records.
 */
const updateManifest = async (
  deps: JobDeps,
  entries: ManifestEntry[],
  generatedAt: string,
): Promise<boolean> => {
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
    const current = await deps.objects.get(MANIFEST_KEY);
    const manifest: { objects: ManifestEntry[] } = current
      ? JSON.parse(new TextDecoder().decode(current))
      : { objects: [] };
    const byKey = new Map(manifest.objects.map((o) => [o.key, o]));
    const schema = encodeSchema();
    const schemaSha = sha256Hex(schema);
    const schemaChanged = byKey.get(SCHEMA_KEY)?.sha256 !== schemaSha;
    if (schemaChanged) {
      await deps.objects.put(SCHEMA_KEY, schema, 'application/schema+json');
      byKey.set(SCHEMA_KEY, { key: SCHEMA_KEY, sha256: schemaSha, bytes: schema.length, generatedAt });
    }
    for (const entry of entries) byKey.set(entry.key, entry);
    const objects = [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
    await deps.objects.put(MANIFEST_KEY, encodeJson({ objects }), 'application/json');
    return schemaChanged;
  } finally {
    await deps.leases.release('manifest', owner);
  }
};
