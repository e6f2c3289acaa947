/**
 * Dumps every stored response of the local stack's table as JSON lines for an independent check of
 * the published figures (see recompute.py). Usage, with `npm start` running:
 *   node --import tsx test/verify/dump-responses.ts > responses.json
 * Reads AWS_ENDPOINT_URL_DYNAMODB (default http://127.0.0.1:4567).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';

const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB ?? 'http://127.0.0.1:4567';
const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
);
const rows: unknown[] = [];
for await (const page of paginateScan({ client: db }, { TableName: 'pulse' })) {
  for (const item of page.Items ?? []) {
    const [kind, collaboration, survey, wave] = String(item.pk).split('#');
    if (kind === 'R')
      rows.push({ collaboration, survey, wave, neighbourhood: item.n, sector: item.sec, answers: item.a });
  }
}
process.stdout.write(JSON.stringify(rows));
db.destroy();
