import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from './app/deps.js';
import { lazyHighsSolver } from './app/highs-solver.js';
import type { JobDeps, SupportTeamDeps } from './app/job-deps.js';
import { ENV, type RuntimeConfig } from './config.js';
import { DynamoAggregationStateStore } from './stores/dynamodb/aggregation-state.js';
import { DynamoCollaborationStore } from './stores/dynamodb/collaborations.js';
import { DynamoLeaseStore } from './stores/dynamodb/leases.js';
import { DynamoLinkStore } from './stores/dynamodb/links.js';
import { DynamoResponseStore } from './stores/dynamodb/responses.js';
import { DynamoSurveyStore } from './stores/dynamodb/surveys.js';
import { DynamoWaveStore } from './stores/dynamodb/waves.js';
import type { Stores } from './stores/ports.js';
import { S3AuditTrail } from './stores/s3/audit-trail.js';
import { S3ObjectLinks } from './stores/s3/object-links.js';
import { S3ObjectStore } from './stores/s3/objects.js';

/**
 * The composition root: builds clients and adapters once per cold start (or once per local stack).
 * Endpoints come from the standard AWS_ENDPOINT_URL_* variables, so local and AWS differ only in the
 * explicit S3 settings the emulator needs. `client` overrides SDK settings (endpoints and credentials
 * in tests, which point at their own emulators).
 */
export const createDynamoClient = (client: DynamoDBClientConfig = {}): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(new DynamoDBClient(client), {
    marshallOptions: { removeUndefinedValues: true },
  });

export const createS3Client = (config: RuntimeConfig, client: S3ClientConfig = {}): S3Client =>
  new S3Client({
    ...client,
    forcePathStyle: config.s3.forcePathStyle,
    requestChecksumCalculation: config.s3.checksums,
    responseChecksumValidation: config.s3.checksums,
  });

export const createStores = (
  db: DynamoDBDocumentClient,
  tableName: string,
  options: { transactions: boolean } = { transactions: true },
): Stores => ({
  collaborations: new DynamoCollaborationStore(db, tableName),
  surveys: new DynamoSurveyStore(db, tableName),
  waves: new DynamoWaveStore(db, tableName),
  links: new DynamoLinkStore(db, tableName),
  responses: new DynamoResponseStore(db, tableName, options),
});

/** The HMAC secret: given directly in local mode, read once from Secrets Manager on AWS. */
export const loadHmacSecret = async (config: RuntimeConfig): Promise<Buffer> => {
  if (config.hmacSecret) return Buffer.from(config.hmacSecret, 'utf8');
  const { SecretString } = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: config.hmacSecretArn }),
  );
  if (!SecretString || SecretString.length < 32) throw new Error('The HMAC secret is missing or too short');
  return Buffer.from(SecretString, 'utf8');
};

export const composeApp = async (config: RuntimeConfig): Promise<AppDeps> => ({
  stores: createStores(createDynamoClient(), config.tableName, config.dynamoDb),
  hmacSecret: await loadHmacSecret(config),
  now: () => new Date(),
  publicBaseUrl: config.publicBaseUrl,
});

/** The use cases' dependencies plus the snapshot bucket, leases and the job's memory. */
export const composeJob = async (config: RuntimeConfig, logger: Logger): Promise<JobDeps> => {
  if (!config.bucketName) throw new Error(`Set ${ENV.bucketName}: the job publishes to it`);
  const db = createDynamoClient();
  const s3 = createS3Client(config);
  return {
    stores: createStores(db, config.tableName, config.dynamoDb),
    hmacSecret: await loadHmacSecret(config),
    now: () => new Date(),
    publicBaseUrl: config.publicBaseUrl,
    objects: new S3ObjectStore(s3, config.bucketName),
    objectLinks: new S3ObjectLinks(s3, config.bucketName),
    leases: new DynamoLeaseStore(db, config.tableName),
    aggregationState: new DynamoAggregationStateStore(db, config.tableName),
    log: (message, data) => logger.info(message, data ?? {}),
    // Powertools formats an Error value with its name, message, location and stack.
    logError: (message, error, data) =>
      logger.error(message, { ...data, error: error instanceof Error ? error : new Error(String(error)) }),
    lpSolver: lazyHighsSolver(),
  };
};

/** The support team's function: the job's dependencies (it can run the job) plus the audit trail. */
export const composeSupportTeam = async (config: RuntimeConfig, logger: Logger): Promise<SupportTeamDeps> => {
  if (!config.auditBucketName) {
    throw new Error(`Set ${ENV.auditBucketName}: admin actions are recorded in it`);
  }
  return {
    ...(await composeJob(config, logger)),
    audit: new S3AuditTrail(createS3Client(config), config.auditBucketName),
  };
};
