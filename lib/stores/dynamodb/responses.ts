import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import type { CommentRecord, ResponseRecord } from '../../domain/response.js';
import type { ResponseStore, WaveRef } from '../ports.js';
import { batchWrite } from './batch.js';
import { keys, shardOf } from './table.js';

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

export class DynamoResponseStore implements ResponseStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putResponse(
    wave: WaveRef,
    responseKey: string,
    r: ResponseRecord,
    editKeyHash: string,
  ): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: this.item(wave, responseKey, r, editKeyHash) }),
    );
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
    const c = comments.map(({ questionId, characteristic, text }) => ({
      q: questionId,
      ch: characteristic,
      t: text,
    }));
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...key, c } }));
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

const toComments = (waveId: string, item: Record<string, unknown>): CommentRecord[] =>
  ((item.c ?? []) as { q: string; ch: string; t: string }[]).map((c) => ({
    waveId,
    questionId: c.q,
    characteristic: c.ch,
    text: c.t,
  }));
