import { type DynamoDBDocumentClient, GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { StoredWave, WaveStore } from '../ports.js';
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

  async update(collaborationId: string, surveyId: string, wave: StoredWave): Promise<void> {
    await conditional(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.wave(collaborationId, surveyId, wave.id), ...wave },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
      `Wave "${wave.id}" does not exist`,
    );
  }
}
