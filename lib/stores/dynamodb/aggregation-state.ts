import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AggregationState, AggregationStateStore } from '../ports.js';
import { keys } from './table.js';

export class DynamoAggregationStateStore implements AggregationStateStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(collaborationId: string, surveyId: string): Promise<AggregationState | null> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.aggregationState(collaborationId, surveyId),
        ConsistentRead: true,
      }),
    );
    return Item ? (Item.state as AggregationState) : null;
  }

  async put(collaborationId: string, surveyId: string, state: AggregationState): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.aggregationState(collaborationId, surveyId), state },
      }),
    );
  }
}
