import { type DynamoDBDocumentClient, GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { Survey } from '../../domain/survey.js';
import type { SurveyStore } from '../ports.js';
import { keys, TABLE, withoutKeys } from './table.js';

export class DynamoSurveyStore implements SurveyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(collaborationId: string, surveyId: string): Promise<Survey | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.survey(collaborationId, surveyId) }),
    );
    return Item ? withoutKeys<Survey>(Item) : null;
  }

  async put(survey: Survey): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.survey(survey.collaborationId, survey.id),
          ...keys.surveyIndex(survey.collaborationId, survey.id),
          ...survey,
        },
      }),
    );
  }

  async listFor(collaborationId: string): Promise<Survey[]> {
    const surveys: Survey[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':pk': keys.collaboration(collaborationId).pk, ':s': 'S#' },
      },
    );
    for await (const page of pages)
      for (const item of page.Items ?? []) surveys.push(withoutKeys<Survey>(item));
    return surveys;
  }

  async listAll(): Promise<{ collaborationId: string; surveyId: string }[]> {
    const found: { collaborationId: string; surveyId: string }[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: TABLE.gsi1.name,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'SURVEYS' },
        ProjectionExpression: 'collaborationId, id',
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? [])
        found.push({ collaborationId: item.collaborationId, surveyId: item.id });
    }
    return found;
  }
}
