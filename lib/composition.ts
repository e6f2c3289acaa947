import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from './app/deps.js';
import { lazyHighsSolver } from './app/highs-solver.js';
import type { JobDeps, SupportTeamDeps } from './app/job-deps.js';
import { ENV, type RuntimeConfig, type SdkBudget, sdkBudget } from './config.js';
import { DynamoAggregationStateStore } from './stores/dynamodb/aggregation-state.js';
import { DynamoCollaborationStore } from './stores/dynamodb/collaborations.js';
import { DynamoLeaseStore } from './stores/dynamodb/leases.js';
import { DynamoLinkStore } from './stores/dynamodb/links.js';
import { DynamoResponseStore } from './stores/dynamodb/responses.js';
import { DynamoSurveyStore } from './stores/dynamodb/surveys.js';
import { DynamoWaveStore } from './stores/dynamodb/waves.js';
import type { Stores, SurveyQueue } from './stores/ports.js';
import { S3AuditTrail } from './stores/s3/audit-trail.js';
import { S3ObjectLinks } from './stores/s3/object-links.js';
import { S3ObjectStore } from './stores/s3/objects.js';
import { SqsSurveyQueue } from './stores/sqs/survey-queue.js';

/**
 * Where the SDK clients connect. On AWS nothing is set: region, credentials and endpoints come from
 * the Lambda environment. The local stack names its emulators and their credentials explicitly, so
 * nothing differs between local and AWS but these values and the S3 settings the emulator needs.
 */
export interface AwsTarget {
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  dynamoDbEndpoint?: string;
  s3Endpoint?: string;
  /** Not used locally (the local stack gives the secret directly); tests point it at a stalled server. */
  secretsManagerEndpoint?: string;
}

/**
 * Settings every client shares: where it connects, and its budget. Timeouts make a stalled backend
 * fail fast instead of holding the request until Lambda's own limit; the retries stay within it.
 */
const clientSettings = (budget: SdkBudget, target: AwsTarget, endpoint: string | undefined) => ({
  ...(target.region ? { region: target.region } : {}),
  ...(target.credentials ? { credentials: target.credentials } : {}),
  ...(endpoint ? { endpoint } : {}),
  maxAttempts: budget.maxAttempts,
  requestHandler: {
    connectionTimeout: budget.connectTimeoutMs,
    requestTimeout: budget.requestTimeoutMs,
    // Without this the SDK only warns when a request overruns its timeout.
    throwOnRequestTimeout: true,
  },
});

/** The composition root: builds clients and adapters once per cold start (or once per local stack). */
export const createDynamoClient = (budget: SdkBudget, target: AwsTarget = {}): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(new DynamoDBClient(clientSettings(budget, target, target.dynamoDbEndpoint)), {
    marshallOptions: { removeUndefinedValues: true },
  });

export const createS3Client = (config: RuntimeConfig, budget: SdkBudget, target: AwsTarget = {}): S3Client =>
  new S3Client({
    ...clientSettings(budget, target, target.s3Endpoint),
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

/**
 * The HMAC secret: given directly in local mode, read once from Secrets Manager on AWS, on the
 * function's own budget: a stalled Secrets Manager fails the cold start well inside Lambda's limit.
 */
export const loadHmacSecret = async (
  config: RuntimeConfig,
  budget: SdkBudget,
  target: AwsTarget = {},
): Promise<Buffer> => {
  if (config.hmacSecret) return Buffer.from(config.hmacSecret, 'utf8');
  const client = new SecretsManagerClient(clientSettings(budget, target, target.secretsManagerEndpoint));
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: config.hmacSecretArn }));
  if (!SecretString || SecretString.length < 32) throw new Error('The HMAC secret is missing or too short');
  return Buffer.from(SecretString, 'utf8');
};

/** The respondent function's dependencies: the stores, with the respondent's tight SDK budget. */
export const composeApp = async (config: RuntimeConfig, target: AwsTarget = {}): Promise<AppDeps> => {
  const budget = sdkBudget('respondent', config);
  return {
    stores: createStores(createDynamoClient(budget, target), config.tableName, config.dynamoDb),
    hmacSecret: await loadHmacSecret(config, budget, target),
    now: () => new Date(),
    publicBaseUrl: config.publicBaseUrl,
    thresholdFloors: config.thresholdFloors,
  };
};

/** The SDK clients the job's and the support team's dependencies share: one of each per cold start. */
const jobClients = (config: RuntimeConfig, budget: SdkBudget, target: AwsTarget) => ({
  budget,
  target,
  db: createDynamoClient(budget, target),
  s3: createS3Client(config, budget, target),
});

const jobDeps = async (
  config: RuntimeConfig,
  logger: Logger,
  { budget, target, db, s3 }: ReturnType<typeof jobClients>,
): Promise<JobDeps> => {
  if (!config.bucketName) throw new Error(`Set ${ENV.bucketName}: the job publishes to it`);
  return {
    stores: createStores(db, config.tableName, config.dynamoDb),
    hmacSecret: await loadHmacSecret(config, budget, target),
    now: () => new Date(),
    publicBaseUrl: config.publicBaseUrl,
    thresholdFloors: config.thresholdFloors,
    objects: new S3ObjectStore(s3, config.bucketName),
    objectLinks: new S3ObjectLinks(s3, config.bucketName),
    leases: new DynamoLeaseStore(db, config.tableName),
    aggregationState: new DynamoAggregationStateStore(db, config.tableName),
    log: (message, data) => logger.info(message, data ?? {}),
    // Powertools formats an Error value with its name, message, location and stack.
    logError: (message, error, data) =>
      logger.error(message, { ...data, error: error instanceof Error ? error : new Error(String(error)) }),
    lpSolver: lazyHighsSolver(),
    retentionMonths: config.retentionMonths,
  };
};

/** The use cases' dependencies plus the snapshot bucket, leases and the job's memory. */
export const composeJob = async (
  config: RuntimeConfig,
  logger: Logger,
  target: AwsTarget = {},
): Promise<JobDeps> => jobDeps(config, logger, jobClients(config, sdkBudget('aggregate', config), target));

/**
 * The support team's function: the job's dependencies (it can run the job) plus the audit trail,
 * on the admin budget. The audit trail shares the snapshots' S3 client (same settings, one pool).
 */
export const composeSupportTeam = async (
  config: RuntimeConfig,
  logger: Logger,
  target: AwsTarget = {},
): Promise<SupportTeamDeps> => {
  if (!config.auditBucketName) {
    throw new Error(`Set ${ENV.auditBucketName}: admin actions are recorded in it`);
  }
  const clients = jobClients(config, sdkBudget('admin', config), target);
  return {
    ...(await jobDeps(config, logger, clients)),
    audit: new S3AuditTrail(clients.s3, config.auditBucketName),
  };
};

/**
 * The fan-out's queue of surveys to aggregate, when the stack gives one (AWS); none runs every survey
 * in-process. It sends on the job's budget, so a stalled SQS fails the dispatch (and the schedule retries).
 */
export const composeSurveyQueue = (config: RuntimeConfig, target: AwsTarget = {}): SurveyQueue | undefined =>
  config.surveyQueueUrl
    ? new SqsSurveyQueue(
        // No endpoint: the SQS client sends to the queue URL's own host.
        new SQSClient(clientSettings(sdkBudget('aggregate', config), target, undefined)),
        config.surveyQueueUrl,
      )
    : undefined;
