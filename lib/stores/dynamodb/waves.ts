import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { KEPT_WAVE_FIELDS, type KeptWaveField, type StoredWave, type WaveStore } from '../ports.js';
import { conditional, keys, withoutKeys } from './table.js';

export class DynamoWaveStore implements WaveStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(collaborationId: string, surveyId: string): Promise<StoredWave[]> {
    const waves: StoredWave[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :w)',
        ExpressionAttributeValues: { ':pk': keys.wavesOf(collaborationId, surveyId), ':w': 'W#' },
      },
    );
    for await (const page of pages)
      for (const item of page.Items ?? []) waves.push(withoutKeys<StoredWave>(item));
    return waves.sort((a, b) => a.opensAt.localeCompare(b.opensAt) || a.id.localeCompare(b.id));
  }

  async get(collaborationId: string, surveyId: string, waveId: string): Promise<StoredWave | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.wave(collaborationId, surveyId, waveId) }),
    );
    return Item ? withoutKeys<StoredWave>(Item) : null;
  }

  async create(collaborationId: string, surveyId: string, wave: StoredWave): Promise<void> {
    await conditional(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.wave(collaborationId, surveyId, wave.id), ...wave },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
      `Wave "${wave.id}" already exists`,
    );
  }

  /** Sets only status and closesAt, so a version or participation kept meanwhile is never overwritten. */
  async update(collaborationId: string, surveyId: string, wave: StoredWave): Promise<void> {
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.wave(collaborationId, surveyId, wave.id),
          UpdateExpression: 'SET #status = :status, closesAt = :closesAt',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': wave.status, ':closesAt': wave.closesAt },
        }),
      ),
      `Wave "${wave.id}" does not exist`,
    );
  }

  async keep(
    collaborationId: string,
    surveyId: string,
    waveId: string,
    fields: Pick<StoredWave, KeptWaveField>,
  ): Promise<void> {
    const set = KEPT_WAVE_FIELDS.filter((f) => fields[f] !== undefined);
    if (set.length === 0) return;
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.wave(collaborationId, surveyId, waveId),
          // Written once: the first value recorded stands.
          UpdateExpression: `SET ${set.map((f) => `#${f} = if_not_exists(#${f}, :${f})`).join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(set.map((f) => [`#${f}`, f])),
          ExpressionAttributeValues: Object.fromEntries(set.map((f) => [`:${f}`, fields[f]])),
        }),
      ),
      `Wave "${waveId}" does not exist`,
    );
  }
}
