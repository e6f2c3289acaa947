import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type WriteRequest = NonNullable<
  ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']
>[string][number];

/** Writes items 25 at a time, retrying what DynamoDB left unprocessed with exponential backoff. */
export const batchWrite = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  requests: WriteRequest[],
): Promise<void> => {
  for (let start = 0; start < requests.length; start += 25) {
    let pending: WriteRequest[] = requests.slice(start, start + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`BatchWrite left ${pending.length} items unprocessed after retries`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, 2 ** attempt * 25));
      const { UnprocessedItems } = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = UnprocessedItems?.[tableName] ?? [];
    }
  }
};
