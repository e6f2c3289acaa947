import type { Link } from '../../domain/link.js';
import { NotFoundError } from '../../errors.js';
import type { LinkStore, StoredLink } from '../ports.js';

export class MemoryLinkStore implements LinkStore {
  private readonly byTokenHash = new Map<string, StoredLink>();

  async createMany(links: StoredLink[]): Promise<void> {
    for (const link of links) this.byTokenHash.set(link.tokenHash, structuredClone(link));
  }

  async findByTokenHash(tokenHash: string): Promise<StoredLink | null> {
    const found = this.byTokenHash.get(tokenHash);
    return found ? structuredClone(found) : null;
  }

  async list(collaborationId: string, surveyId: string): Promise<Link[]> {
    return this.of(collaborationId, surveyId).map(({ tokenHash: _secret, ...link }) => structuredClone(link));
  }

  async revoke(collaborationId: string, surveyId: string, linkId: string, at: Date): Promise<Link> {
    const found = this.of(collaborationId, surveyId).find((l) => l.id === linkId);
    if (!found) throw new NotFoundError(`Link "${linkId}" not found`);
    found.revoked = true;
    found.revokedAt ??= at.toISOString();
    const { tokenHash: _secret, ...link } = found;
    return structuredClone(link);
  }

  async revokeWhere(
    collaborationId: string,
    surveyId: string,
    filter: { partnerId?: string; neighbourhoodId?: string },
    at: Date,
    beforeRevoking?: (live: Link[]) => Promise<void>,
  ): Promise<number> {
    const matching = this.of(collaborationId, surveyId).filter(
      (l) =>
        !l.revoked &&
        (filter.partnerId === undefined || l.partnerId === filter.partnerId) &&
        (filter.neighbourhoodId === undefined || l.neighbourhoodId === filter.neighbourhoodId),
    );
    await beforeRevoking?.(matching.map(({ tokenHash: _secret, ...link }) => structuredClone(link)));
    for (const link of matching) {
      link.revoked = true;
      link.revokedAt = at.toISOString();
    }
    return matching.length;
  }

  /** The stored links of a survey, in link-id order as the DynamoDB index returns them. */
  private of(collaborationId: string, surveyId: string): StoredLink[] {
    return [...this.byTokenHash.values()]
      .filter((l) => l.collaborationId === collaborationId && l.surveyId === surveyId)
      .sort((a, b) => a.id.localeCompare(b.id));
  }
}
