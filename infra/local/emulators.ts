import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
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

  await createTable(dynamoDbEndpoint, options.tableName);
  return {
    dynamoDbEndpoint,
    s3Endpoint,
    stop: async () => {
      await Promise.all([new Promise((r) => dynamo.close(r)), s3.close()]);
    },
  };
};

const createTable = async (endpoint: string, tableName: string) => {
  // Its own region and (any) credentials: creating the table must not depend on the process's env.
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    client.destroy();
  }
};
