import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CommentRecord, ResponseRecord } from '../../domain/response.js';
import { ServiceUnavailableError } from '../../errors.js';
import type { ResponseStore, Submission, WaveRef } from '../ports.js';
import { batchWrite } from './batch.js';
import { keys, shardOf, TABLE } from './table.js';

/** Response items use short attribute names: they are the bulk of the table. */
interface ResponseItem {
  pk: string;
  sk: string;
  a: ResponseRecord['answers'];
  p: string;
  n: string;
  sec: ResponseRecord['sector'];
  d: string;
  ek: string;
}

/** How long a link's submission lock lives if its holder dies: well past any one submission. */
const LOCK_TTL_MS = 5_000;
/** How long a submission waits for another through the same link before giving up (503). */
const LOCK_WAIT_MS = 4_000;

export interface ResponseStoreOptions {
  /**
   * TransactWriteItems is available (AWS): a submission's two items are written in one transaction.
   * The local emulator has none; then each link's submissions take a short lock so they cannot
   * interleave, and the two writes follow each other.
   */
  transactions: boolean;
}

export class DynamoResponseStore implements ResponseStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: ResponseStoreOptions = { transactions: true },
  ) {}

  async putSubmission(wave: WaveRef, submission: Submission): Promise<void> {
    const response = {
      Put: {
        TableName: this.tableName,
        Item: this.item(wave, submission.responseKey, submission.response, submission.editKeyHash),
      },
    };
    const commentKey = { pk: this.commentPk(wave, submission.commentKey), sk: submission.commentKey };
    const comments =
      submission.comments.length === 0
        ? { Delete: { TableName: this.tableName, Key: commentKey } }
        : {
            Put: {
              TableName: this.tableName,
              Item: { ...commentKey, c: compactComments(submission.comments) },
            },
          };
    if (this.options.transactions) {
      await this.db.send(new TransactWriteCommand({ TransactItems: [response, comments] }));
      return;
    }
    await this.withLinkLock(wave, submission.lockKey, async () => {
      await this.db.send(new PutCommand(response.Put));
      if (comments.Put) await this.db.send(new PutCommand(comments.Put));
      else await this.db.send(new DeleteCommand(comments.Delete));
    });
  }

  /**
   * Runs `write` holding the link's lock: a conditional put that expires, under a key no other item
   * shares (the lock HMAC), deleted when done, so a dump never holds more than in-flight locks.
   */
  private async withLinkLock(wave: WaveRef, lockKey: string, write: () => Promise<void>): Promise<void> {
    const key = {
      pk: keys.lockShard(wave.collaborationId, wave.surveyId, wave.waveId, shardOf(lockKey, wave.shards)),
      sk: lockKey,
    };
    const owner = randomUUID();
    const giveUpAt = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      const now = Date.now();
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key, owner, expiresAt: now + LOCK_TTL_MS },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': now },
          }),
        );
        break;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (now >= giveUpAt) {
          throw new ServiceUnavailableError('Another submission through this link is being saved: try again');
        }
        await sleep(Math.min(50, 5 * 2 ** Math.min(attempt, 4)) * (0.5 + Math.random()));
      }
    }
    try {
      await write();
    } catch (error) {
      // The backend failed or stalled: answer now (a 503 within the SDK budget) rather than wait as
      // long again for the release, which finishes in the background or expires with the lock.
      this.releaseLinkLock(key, owner).catch(() => undefined);
      throw error;
    }
    await this.releaseLinkLock(key, owner);
  }

  private async releaseLinkLock(key: { pk: string; sk: string }, owner: string): Promise<void> {
    await this.db
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      )
      .catch((error) => {
        // Expired and taken by the next submission: it is theirs now.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  async putResponses(
    wave: WaveRef,
    entries: { responseKey: string; response: ResponseRecord; editKeyHash: string }[],
  ): Promise<void> {
    await batchWrite(
      this.db,
      this.tableName,
      entries.map((e) => ({
        PutRequest: { Item: this.item(wave, e.responseKey, e.response, e.editKeyHash) },
      })),
    );
  }

  private item(wave: WaveRef, responseKey: string, r: ResponseRecord, editKeyHash: string): ResponseItem {
    return {
      pk: this.responsePk(wave, responseKey),
      sk: responseKey,
      a: r.answers,
      p: r.partnerId,
      n: r.neighbourhoodId,
      sec: r.sector,
      d: r.day,
      ek: editKeyHash,
    };
  }

  async getResponse(wave: WaveRef, responseKey: string) {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: this.responsePk(wave, responseKey), sk: responseKey },
        ConsistentRead: true,
      }),
    );
    return Item
      ? { response: toRecord(wave.waveId, Item as ResponseItem), editKeyHash: Item.ek as string }
      : null;
  }

  async putComments(wave: WaveRef, commentKey: string, comments: CommentRecord[]): Promise<void> {
    const key = { pk: this.commentPk(wave, commentKey), sk: commentKey };
    if (comments.length === 0) {
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
      return;
    }
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...key, c: compactComments(comments) } }),
    );
  }

  async getComments(wave: WaveRef, commentKey: string): Promise<CommentRecord[]> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: this.commentPk(wave, commentKey), sk: commentKey },
        ConsistentRead: true,
      }),
    );
    return Item ? toComments(wave.waveId, Item) : [];
  }

  async *readWave(wave: WaveRef): AsyncIterable<ResponseRecord[]> {
    yield* this.readShards(
      wave,
      (s) => keys.responseShard(wave.collaborationId, wave.surveyId, wave.waveId, s),
      {
        ProjectionExpression: 'a, p, n, sec, d',
        map: (item) => toRecord(wave.waveId, item as unknown as ResponseItem),
      },
    );
  }

  async *readWaveComments(wave: WaveRef): AsyncIterable<CommentRecord[]> {
    for await (const page of this.readShards(
      wave,
      (s) => keys.commentShard(wave.collaborationId, wave.surveyId, wave.waveId, s),
      { ProjectionExpression: 'c', map: (item) => toComments(wave.waveId, item) },
    )) {
      yield page.flat();
    }
  }

  async countWave(wave: WaveRef) {
    const counts = new Map<string, { partnerId: string; neighbourhoodId: string; count: number }>();
    for await (const page of this.readShards(
      wave,
      (s) => keys.responseShard(wave.collaborationId, wave.surveyId, wave.waveId, s),
      { ProjectionExpression: 'p, n', map: (item) => ({ p: item.p as string, n: item.n as string }) },
    )) {
      for (const { p, n } of page) {
        const key = `${p}\u0000${n}`;
        const entry = counts.get(key) ?? { partnerId: p, neighbourhoodId: n, count: 0 };
        entry.count++;
        counts.set(key, entry);
      }
    }
    return [...counts.values()];
  }

  async stampExpiry(wave: WaveRef, expiresAt: Date, limit: number) {
    const seconds = Math.floor(expiresAt.getTime() / 1000);
    const { claimed, done } = await this.eachShardItem(this.dataPks(wave), limit, {
      // Only items not stamped yet, so a run that stopped part-way resumes where it left off.
      FilterExpression: 'attribute_not_exists(#ttl) OR #ttl <> :ttl',
      ExpressionAttributeNames: { '#ttl': TABLE.timeToLive },
      ExpressionAttributeValues: { ':ttl': seconds },
      write: (items) => ({ PutRequest: { Item: { ...items, [TABLE.timeToLive]: seconds } } }),
    });
    return { stamped: claimed.all, done };
  }

  async deleteWave(wave: WaveRef, limit: number) {
    const c = wave.collaborationId;
    const s = wave.surveyId;
    const w = wave.waveId;
    const locks = Array.from({ length: wave.shards }, (_, shard) => keys.lockShard(c, s, w, shard));
    const { claimed, done } = await this.eachShardItem([...this.dataPks(wave), ...locks], limit, {
      ProjectionExpression: 'pk, sk',
      write: (item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }),
    });
    return { responses: claimed.R, comments: claimed.M, done };
  }

  /** Every partition holding a wave's responses and comments. */
  private dataPks(wave: WaveRef): string[] {
    const c = wave.collaborationId;
    const s = wave.surveyId;
    const w = wave.waveId;
    return Array.from({ length: wave.shards }, (_, shard) => [
      keys.responseShard(c, s, w, shard),
      keys.commentShard(c, s, w, shard),
    ]).flat();
  }

  /**
   * Walks partitions in parallel, page by page, and writes one request per item (BatchWrite, retried
   * until processed) until `limit` items are claimed. Safe to rewrite whole items here: the wave is
   * closed (no submission can land) and the caller holds the survey's lease (no other job run writes).
   * Counts claimed items by kind (`R` responses, `M` comments); `done` when every partition was exhausted.
   */
  private async eachShardItem(
    pks: string[],
    limit: number,
    options: {
      ProjectionExpression?: string;
      FilterExpression?: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues?: Record<string, unknown>;
      write: (item: Record<string, unknown>) => Parameters<typeof batchWrite>[2][number];
    },
  ): Promise<{ claimed: { all: number; R: number; M: number }; done: boolean }> {
    const claimed = { all: 0, R: 0, M: 0 };
    let exhausted = 0;
    const walk = async (pk: string) => {
      const pages = paginateQuery(
        { client: this.db, pageSize: 500 },
        {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ...(options.ProjectionExpression ? { ProjectionExpression: options.ProjectionExpression } : {}),
          ...(options.FilterExpression ? { FilterExpression: options.FilterExpression } : {}),
          ...(options.ExpressionAttributeNames
            ? { ExpressionAttributeNames: options.ExpressionAttributeNames }
            : {}),
          ExpressionAttributeValues: { ':pk': pk, ...options.ExpressionAttributeValues },
        },
      );
      for await (const page of pages) {
        const room = limit - claimed.all;
        if (room <= 0) return;
        const items = (page.Items ?? []).slice(0, room);
        claimed.all += items.length;
        // Lock partitions (`…#L`) count in `all` only: they hold no answers.
        const kind = pk.endsWith('#L') ? null : pk.startsWith('R#') ? 'R' : 'M';
        if (kind) claimed[kind] += items.length;
        await batchWrite(this.db, this.tableName, items.map(options.write));
        if (items.length < (page.Items ?? []).length) return;
      }
      exhausted++;
    };
    await Promise.all(pks.map(walk));
    return { claimed, done: exhausted === pks.length };
  }

  private responsePk(wave: WaveRef, responseKey: string): string {
    return keys.responseShard(
      wave.collaborationId,
      wave.surveyId,
      wave.waveId,
      shardOf(responseKey, wave.shards),
    );
  }

  private commentPk(wave: WaveRef, commentKey: string): string {
    return keys.commentShard(
      wave.collaborationId,
      wave.surveyId,
      wave.waveId,
      shardOf(commentKey, wave.shards),
    );
  }

  /**
   * Queries every shard at once and yields pages as they arrive, so reading a wave takes about as
   * long as its largest shard rather than the sum of all.
   */
  private async *readShards<T>(
    wave: WaveRef,
    pkOf: (shard: number) => string,
    options: { ProjectionExpression: string; map: (item: Record<string, unknown>) => T },
  ): AsyncIterable<T[]> {
    const iterators: AsyncIterator<{ Items?: Record<string, unknown>[] }>[] = Array.from(
      { length: wave.shards },
      (_, shard) =>
        paginateQuery(
          { client: this.db, pageSize: 1000 },
          {
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pkOf(shard) },
            ProjectionExpression: options.ProjectionExpression,
          },
        )[Symbol.asyncIterator](),
    );
    const next = (i: number) =>
      (iterators[i] as (typeof iterators)[number]).next().then((result) => ({ i, result }));
    const inFlight = new Map(iterators.map((_, i) => [i, next(i)]));
    while (inFlight.size > 0) {
      const { i, result } = await Promise.race(inFlight.values());
      if (result.done) {
        inFlight.delete(i);
        continue;
      }
      inFlight.set(i, next(i));
      yield (result.value.Items ?? []).map(options.map);
    }
  }
}

const toRecord = (waveId: string, item: ResponseItem): ResponseRecord => ({
  waveId,
  partnerId: item.p,
  neighbourhoodId: item.n,
  sector: item.sec,
  day: item.d,
  answers: fastAnswers(item.a),
});

/**
 * The unmarshaller builds a map one computed key at a time, which leaves V8 objects of 20-odd
 * properties in (slow) dictionary mode; rebuilt with `Object.fromEntries` they are fast-mode objects,
 * and the aggregation core reads them about twice as fast (`npm run bench`, (a)).
 */
export const fastAnswers = (answers: ResponseRecord['answers']): ResponseRecord['answers'] =>
  Object.fromEntries(Object.entries(answers));

/** Comment items use short attribute names too. */
const compactComments = (comments: CommentRecord[]) =>
  comments.map(({ questionId, characteristic, text }) => ({ q: questionId, ch: characteristic, t: text }));

const toComments = (waveId: string, item: Record<string, unknown>): CommentRecord[] =>
  ((item.c ?? []) as { q: string; ch: string; t: string }[]).map((c) => ({
    waveId,
    questionId: c.q,
    characteristic: c.ch,
    text: c.t,
  }));
