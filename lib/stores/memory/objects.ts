import type { ObjectStore } from '../ports.js';

/** A bucket in a Map: whole objects, replaced atomically, as S3 does. */
export class MemoryObjectStore implements ObjectStore {
  private readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    this.objects.set(key, { body: new Uint8Array(body), contentType });
  }

  async get(key: string): Promise<Uint8Array | null> {
    const found = this.objects.get(key);
    return found ? new Uint8Array(found.body) : null;
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  /** Every key, sorted: what a test looks at after a run (S3's ListObjectsV2 order). */
  keys(): string[] {
    return [...this.objects.keys()].sort();
  }
}
