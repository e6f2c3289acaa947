import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AuditEvent } from '../../domain/audit.js';
import type { AuditPage, AuditTrail } from '../ports.js';

/** Every event is one object under this prefix of the audit bucket. */
export const AUDIT_PREFIX = 'audit/v1/';

/** `{at}_{id}`: ISO times sort as text, so a listing from `from` is a listing in time order. */
const nameOf = (event: Pick<AuditEvent, 'at' | 'id'>) => `${event.at}_${event.id}`;
const atOf = (key: string) => key.slice(AUDIT_PREFIX.length).split('_')[0] ?? '';

/** How many events are read from S3 at once when a page is assembled. */
const READ_CONCURRENCY = 16;

/**
 * The audit trail as one immutable object per event in its own bucket. On AWS the bucket has Object
 * Lock (compliance mode) and a policy that refuses any PutObject without `If-None-Match: *`, so an
 * event can be neither deleted nor replaced; this adapter always sends that header.
 */
export class S3AuditTrail implements AuditTrail {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async append(event: AuditEvent): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${AUDIT_PREFIX}${nameOf(event)}.json`,
        Body: JSON.stringify(event),
        ContentType: 'application/json',
        IfNoneMatch: '*',
      }),
    );
  }

  async list(query: { from: Date; to: Date; after?: string; limit: number }): Promise<AuditPage> {
    const from = query.from.toISOString();
    const to = query.to.toISOString();
    // Keys at `from` sort after the bare `{prefix}{from}`; a cursor names the last key already read.
    const startAfter =
      query.after && query.after >= from ? `${AUDIT_PREFIX}${query.after}.json` : `${AUDIT_PREFIX}${from}`;
    const keys: string[] = [];
    let token: string | undefined;
    let more = false;
    let done = false;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: AUDIT_PREFIX,
          StartAfter: token ? undefined : startAfter,
          ContinuationToken: token,
          MaxKeys: Math.min(1000, query.limit + 1),
        }),
      );
      for (const { Key } of page.Contents ?? []) {
        if (!Key) continue;
        if (atOf(Key) > to) {
          done = true;
          break;
        }
        if (keys.length === query.limit) {
          more = true;
          done = true;
          break;
        }
        keys.push(Key);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token && !done);
    const events: AuditEvent[] = [];
    for (let i = 0; i < keys.length; i += READ_CONCURRENCY) {
      events.push(...(await Promise.all(keys.slice(i, i + READ_CONCURRENCY).map((k) => this.read(k)))));
    }
    const last = events.at(-1);
    return { events, next: more && last ? nameOf(last) : null };
  }

  private async read(key: string): Promise<AuditEvent> {
    const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return JSON.parse((await Body?.transformToString()) ?? 'null') as AuditEvent;
  }
}
