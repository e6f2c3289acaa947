import { type DynamoDBDocumentClient, GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { Collaboration } from '../../domain/collaboration.js';
import type { CollaborationStore } from '../ports.js';
import { keys, TABLE, withoutKeys } from './table.js';

export class DynamoCollaborationStore implements CollaborationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Collaboration | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.collaboration(id) }),
    );
    return Item ? withoutKeys<Collaboration>(Item) : null;
  }

  async put(collaboration: Collaboration): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.collaboration(collaboration.id),
          ...keys.collaborationIndex(collaboration.id),
          ...collaboration,
        },
      }),
    );
  }

  /** One index partition holds every collaboration (hundreds at national scale), read id and name only. */
  async list(): Promise<{ id: string; name: string }[]> {
    const found: { id: string; name: string }[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: TABLE.gsi1.name,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.collaborationIndex('').gsi1pk },
        ProjectionExpression: 'id, #n',
        ExpressionAttributeNames: { '#n': 'name' },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) found.push({ id: item.id, name: item.name });
    }
    return found;
  }
}
