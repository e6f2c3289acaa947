import type { ObjectLinks, ObjectStore } from '../ports.js';

/**
 * Links to objects of an in-memory bucket: a `memory:` URL naming the key and its expiry, for use
 * cases under test (nothing serves it). Like S3, a missing object gets no link.
 */
export class MemoryObjectLinks implements ObjectLinks {
  constructor(private readonly objects: ObjectStore) {}

  async presignGet(
    key: string,
    expiresInSeconds: number,
    contentType: string,
    signedAt: Date,
  ): Promise<{ url: string; expiresAt: Date } | null> {
    if ((await this.objects.get(key)) === null) return null;
    const expiresAt = new Date(signedAt.getTime() + expiresInSeconds * 1000);
    const query = new URLSearchParams({ expires: expiresAt.toISOString(), type: contentType });
    return { url: `memory:///${key}?${query}`, expiresAt };
  }
}
