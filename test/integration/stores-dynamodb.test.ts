import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../infra/local/emulators.js';
import { createDynamoClient, createS3Client, createStores } from '../../lib/composition.js';
import { loadRuntimeConfig, SDK_BUDGETS } from '../../lib/config.js';
import { DynamoAggregationStateStore } from '../../lib/stores/dynamodb/aggregation-state.js';
import { DynamoLeaseStore } from '../../lib/stores/dynamodb/leases.js';
import { TABLE as DYNAMO_TABLE } from '../../lib/stores/dynamodb/table.js';
import { S3AuditTrail } from '../../lib/stores/s3/audit-trail.js';
import { S3ObjectStore } from '../../lib/stores/s3/objects.js';
import { type AllStores, storeContract } from '../contract/stores.js';

/** The same contract as the in-memory adapters, on the embedded DynamoDB and S3. */

const TABLE = 'pulse-contract';
const BUCKET = 'pulse-contract';
const AUDIT_BUCKET = 'pulse-contract-audit';
let dataDir: string;
let emulators: Emulators;
let stores: AllStores;
let db: ReturnType<typeof createDynamoClient>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pulse-contract-'));
  emulators = await startEmulators({
    dataDir,
    dynamoDbPort: 0,
    s3Port: 0,
    tableName: TABLE,
    bucketNames: [BUCKET, AUDIT_BUCKET],
    credentials: { region: 'eu-west-2', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  // Explicit endpoints and s3rver's fixed credentials: nothing written to process.env.
  const target = {
    region: 'eu-west-2',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    dynamoDbEndpoint: emulators.dynamoDbEndpoint,
    s3Endpoint: emulators.s3Endpoint,
  };
  db = createDynamoClient(SDK_BUDGETS.admin, target);
  const runtime = loadRuntimeConfig({
    PULSE_TABLE_NAME: TABLE,
    PULSE_BUCKET_NAME: BUCKET,
    PULSE_HMAC_SECRET: 'contract-test-secret-0123456789abcdef',
    PULSE_S3_FORCE_PATH_STYLE: 'true',
    PULSE_S3_CHECKSUMS: 'WHEN_REQUIRED',
  });
  const s3 = createS3Client(runtime, SDK_BUDGETS.admin, target);
  stores = {
    // dynalite has no transactions: submissions take the adapter's per-link lock path, as locally.
    ...createStores(db, TABLE, { transactions: false }),
    leases: new DynamoLeaseStore(db, TABLE),
    aggregationState: new DynamoAggregationStateStore(db, TABLE),
    objects: new S3ObjectStore(s3, BUCKET),
    audit: new S3AuditTrail(s3, AUDIT_BUCKET),
  };
});

afterAll(async () => {
  await emulators?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

storeContract('DynamoDB and S3 on the emulators', () => stores);

describe('DynamoDB TTL stamps', () => {
  it('writes the expiry as epoch seconds in the attribute the table’s TTL reads, on every response and comment', async () => {
    const wave = {
      collaborationId: `ttl-${randomBytes(4).toString('hex')}`,
      surveyId: 'pulse',
      waveId: 'w1',
      shards: 4,
    };
    const key = () => randomBytes(32).toString('base64url');
    await stores.responses.putResponses(wave, [
      {
        responseKey: key(),
        response: {
          waveId: 'w1',
          partnerId: 'pcn',
          neighbourhoodId: 'north',
          sector: 'primary-care',
          day: '2030-01-08',
          answers: { q1: 4 },
        },
        editKeyHash: 'hash',
      },
    ]);
    await stores.responses.putComments(wave, key(), [
      { waveId: 'w1', questionId: 'c1', characteristic: 'shared-purpose', text: 'kept until then' },
    ]);

    await stores.responses.stampExpiry(wave, new Date('2041-02-07T09:00:00.500Z'), 100);

    const { Items = [] } = await db.send(
      new ScanCommand({
        TableName: TABLE,
        FilterExpression: 'begins_with(pk, :r) OR begins_with(pk, :m)',
        ExpressionAttributeValues: { ':r': `R#${wave.collaborationId}#`, ':m': `M#${wave.collaborationId}#` },
      }),
    );
    expect(Items).toHaveLength(2);
    for (const item of Items) expect(item[DYNAMO_TABLE.timeToLive]).toBe(Date.UTC(2041, 1, 7, 9) / 1000);
  });
});
