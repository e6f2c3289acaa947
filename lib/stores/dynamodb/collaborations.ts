import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Collaboration } from '../../domain/collaboration.js';
import type { CollaborationStore } from '../ports.js';
import { keys, withoutKeys } from './table.js';

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
        Item: { ...keys.collaboration(collaboration.id), ...collaboration },
      }),
    );
  }
}
