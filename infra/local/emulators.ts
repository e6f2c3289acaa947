import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { createTableInput } from '../../lib/stores/dynamodb/table.js';

export interface Emulators {
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded DynamoDB (dynalite) and S3 (s3rver) servers on 127.0.0.1, persisted under
 * `dataDir`, and creates the table and buckets when they do not exist yet.
 */
export const startEmulators = async (options: {
  dataDir: string;
  dynamoDbPort: number;
  s3Port: number;
  tableName: string;
  bucketNames: string[];
  /** What the local SDK clients present: s3rver checks them, dynalite accepts any. */
  credentials: { region: string; accessKeyId: string; secretAccessKey: string };
}): Promise<Emulators> => {
  mkdirSync(join(options.dataDir, 's3'), { recursive: true });
  const dynamo: Server = dynalite({
    path: join(options.dataDir, 'dynamodb'),
    createTableMs: 0,
    updateTableMs: 0,
  });
  dynamo.listen(options.dynamoDbPort, '127.0.0.1');
  await once(dynamo, 'listening');
  const dynamoDbEndpoint = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;

  const s3 = new S3rver({
    address: '127.0.0.1',
    port: options.s3Port,
    directory: join(options.dataDir, 's3'),
    silent: true,
    configureBuckets: options.bucketNames.map((name) => ({ name, configs: [] })),
  });
  const s3Address = (await s3.run()) as AddressInfo;
  const s3Endpoint = `http://127.0.0.1:${s3Address.port}`;

  await createTable(dynamoDbEndpoint, options.tableName, options.credentials);
  return {
    dynamoDbEndpoint,
    s3Endpoint,
    stop: async () => {
      await Promise.all([new Promise((r) => dynamo.close(r)), s3.close()]);
    },
  };
};

/** How long a new table may take to become ACTIVE on a busy machine before the start gives up. */
const TABLE_ACTIVE_TIMEOUT_MS = 30_000;

/**
 * Creates the table if it is missing, then waits until it is ACTIVE: dynalite creates tables
 * asynchronously, and a request that arrives before that fails with "Requested resource not found".
 */
const createTable = async (
  endpoint: string,
  tableName: string,
  { region, accessKeyId, secretAccessKey }: { region: string; accessKeyId: string; secretAccessKey: string },
) => {
  const client = new DynamoDBClient({ endpoint, region, credentials: { accessKeyId, secretAccessKey } });
  try {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    const deadline = Date.now() + TABLE_ACTIVE_TIMEOUT_MS;
    for (;;) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus === 'ACTIVE') return;
      if (Date.now() > deadline) {
        throw new Error(
          `The local table "${tableName}" did not become ACTIVE within 30 s; try npm start again`,
        );
      }
      await setTimeout(50);
    }
  } finally {
    client.destroy();
  }
};
