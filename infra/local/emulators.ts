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
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { createTableInput } from '../../lib/stores/dynamodb/table.js';
import { checkDynamoDbStore, dynamoDbDir } from './data-dir.js';
import { listen, listening } from './start-errors.js';

export interface Emulators {
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  /** Whether the table held any item when the emulators started (a data dir with data in it). */
  tableHoldsItems: boolean;
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
  await checkDynamoDbStore(options.dataDir);
  const dynamo: Server = dynalite({
    path: dynamoDbDir(options.dataDir),
    createTableMs: 0,
    updateTableMs: 0,
  });
  const closeDynamo = () => new Promise((r) => dynamo.close(r));
  await listen(dynamo, options.dynamoDbPort, 'PULSE_DYNAMODB_PORT').catch(async (error) => {
    await closeDynamo();
    throw error;
  });
  const dynamoDbEndpoint = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;

  const s3 = new S3rver({
    directory: join(options.dataDir, 's3'),
    silent: true,
    configureBuckets: options.bucketNames.map((name) => ({ name, configs: [] })),
  });
  let s3Server: Server | undefined;
  const stop = async () => {
    await Promise.all([closeDynamo(), new Promise((r) => (s3Server ? s3Server.close(r) : r(null)))]);
  };
  try {
    await s3.configureBuckets();
    // s3rver's own run() leaves a listen error (a port in use) unhandled; with a callback, its
    // listen() hands back the server, whose errors are then ours to report.
    s3Server = s3.listen(options.s3Port, '127.0.0.1', () => undefined);
    await listening(s3Server, options.s3Port, 'PULSE_S3_PORT');
    const s3Endpoint = `http://127.0.0.1:${(s3Server.address() as AddressInfo).port}`;
    const tableHoldsItems = await prepareTable(dynamoDbEndpoint, options.tableName, options.credentials);
    return { dynamoDbEndpoint, s3Endpoint, tableHoldsItems, stop };
  } catch (error) {
    // A start that fails half-way leaves no port held (the process may go on, e.g. in a test).
    await stop();
    throw error;
  }
};

/** How long a new table may take to become ACTIVE on a busy machine before the start gives up. */
const TABLE_ACTIVE_TIMEOUT_MS = 30_000;

/**
 * Creates the table if it is missing, then waits until it is ACTIVE: dynalite creates tables
 * asynchronously, and a request that arrives before that fails with "Requested resource not found".
 * Returns whether the table holds any item.
 */
const prepareTable = async (
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
      if (Table?.TableStatus === 'ACTIVE') break;
      if (Date.now() > deadline) {
        throw new Error(
          `The local table "${tableName}" did not become ACTIVE within 30 s; try npm start again`,
        );
      }
      await setTimeout(50);
    }
    const { Count } = await client.send(new ScanCommand({ TableName: tableName, Limit: 1, Select: 'COUNT' }));
    return (Count ?? 0) > 0;
  } finally {
    client.destroy();
  }
};
