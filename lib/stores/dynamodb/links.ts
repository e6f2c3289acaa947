import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Link } from '../../domain/link.js';
import { NotFoundError } from '../../errors.js';
import type { LinkStore, StoredLink } from '../ports.js';
import { batchWrite } from './batch.js';
import { keys, TABLE, withoutKeys } from './table.js';

/** Parallel updates per bulk revocation: fast enough for 1,000 links, gentle on the table. */
const REVOKE_CONCURRENCY = 10;

export class DynamoLinkStore implements LinkStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Links carry 256-bit random tokens, so plain batch puts cannot collide in practice. */
  async createMany(links: StoredLink[]): Promise<void> {
    await batchWrite(
      this.db,
      this.tableName,
      links.map((link) => ({
        PutRequest: {
          Item: {
            ...keys.link(link.tokenHash),
            ...keys.linkIndex(link.collaborationId, link.surveyId, link.id),
            ...link,
          },
        },
      })),
    );
  }

  async findByTokenHash(tokenHash: string): Promise<StoredLink | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.link(tokenHash) }),
    );
    return Item ? withoutKeys<StoredLink>(Item) : null;
  }

  async list(collaborationId: string, surveyId: string): Promise<Link[]> {
    const links: Link[] = [];
    for await (const page of this.query(collaborationId, surveyId)) {
      for (const item of page) {
        const { tokenHash: _secret, ...link } = withoutKeys<StoredLink>(item);
        links.push(link);
      }
    }
    return links;
  }

  async revoke(collaborationId: string, surveyId: string, linkId: string, at: Date): Promise<Link> {
    let found: Record<string, unknown> | undefined;
    for await (const page of this.query(collaborationId, surveyId, linkId)) found ??= page[0];
    if (!found) throw new NotFoundError(`Link "${linkId}" not found`);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: found.pk, sk: found.sk },
        // The first revocation time stands: revoking again must not move a past wave's invited count.
        UpdateExpression: 'SET revoked = :t, revokedAt = if_not_exists(revokedAt, :at)',
        ExpressionAttributeValues: { ':t': true, ':at': at.toISOString() },
      }),
    );
    const { tokenHash: _hash, ...link } = withoutKeys<StoredLink>(found);
    return { ...link, revoked: true };
  }

  async revokeWhere(
    collaborationId: string,
    surveyId: string,
    filter: { partnerId?: string; neighbourhoodId?: string },
    at: Date,
    beforeRevoking?: (live: Link[]) => Promise<void>,
  ): Promise<number> {
    const matching: Record<string, unknown>[] = [];
    for await (const page of this.query(collaborationId, surveyId)) {
      for (const item of page) {
        if (item.revoked) continue;
        if (filter.partnerId !== undefined && item.partnerId !== filter.partnerId) continue;
        if (filter.neighbourhoodId !== undefined && item.neighbourhoodId !== filter.neighbourhoodId) continue;
        matching.push(item);
      }
    }
    await beforeRevoking?.(
      matching.map((item) => {
        const { tokenHash: _secret, ...link } = withoutKeys<StoredLink>(item);
        return link;
      }),
    );
    // The table has no transactions (nor does dynalite): revoke item by item, a few at a time. A
    // failure part-way leaves the rest live, and repeating the request revokes them.
    let revoked = 0;
    for (let i = 0; i < matching.length; i += REVOKE_CONCURRENCY) {
      const chunk = matching.slice(i, i + REVOKE_CONCURRENCY);
      const done = await Promise.all(chunk.map((item) => this.markRevoked(item, at)));
      revoked += done.filter(Boolean).length;
    }
    return revoked;
  }

  /** Revokes a link still live; false when another request revoked it first (it is not counted twice). */
  private async markRevoked(item: Record<string, unknown>, at: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET revoked = :t, revokedAt = :at',
          ConditionExpression: 'revoked = :f',
          ExpressionAttributeValues: { ':t': true, ':f': false, ':at': at.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async *query(collaborationId: string, surveyId: string, linkId?: string) {
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: TABLE.gsi1.name,
        KeyConditionExpression: linkId ? 'gsi1pk = :p AND gsi1sk = :s' : 'gsi1pk = :p',
        ExpressionAttributeValues: {
          ':p': keys.linksOf(collaborationId, surveyId),
          ...(linkId ? { ':s': `L#${linkId}` } : {}),
        },
      },
    );
    for await (const page of pages) yield page.Items ?? [];
  }
}
