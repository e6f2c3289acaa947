import * as z from 'zod';
import { DEFAULT_RETENTION_MONTHS, RETENTION_MONTHS } from './domain/retention.js';

/** Every environment variable the system reads, named once. Infra imports these names. */
export const ENV = {
  mode: 'PULSE_MODE',
  tableName: 'PULSE_TABLE_NAME',
  bucketName: 'PULSE_BUCKET_NAME',
  auditBucketName: 'PULSE_AUDIT_BUCKET_NAME',
  hmacSecret: 'PULSE_HMAC_SECRET',
  hmacSecretArn: 'PULSE_HMAC_SECRET_ARN',
  adminToken: 'PULSE_ADMIN_TOKEN',
  adminGroup: 'PULSE_ADMIN_GROUP',
  auditorGroup: 'PULSE_AUDITOR_GROUP',
  s3ForcePathStyle: 'PULSE_S3_FORCE_PATH_STYLE',
  s3Checksums: 'PULSE_S3_CHECKSUMS',
  // Powertools' own; the CDK app sets it, and it has a default here for everywhere else.
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  dynamoDbTransactions: 'PULSE_DYNAMODB_TRANSACTIONS',
  publicBaseUrl: 'PULSE_PUBLIC_BASE_URL',
  // The console's sign-in on AWS (Cognito managed login).
  userPoolId: 'PULSE_USER_POOL_ID',
  consoleClientId: 'PULSE_CONSOLE_CLIENT_ID',
  signInDomain: 'PULSE_SIGN_IN_DOMAIN',
  surveyQueueUrl: 'PULSE_SURVEY_QUEUE_URL',
  sdkConnectTimeoutMs: 'PULSE_SDK_CONNECT_TIMEOUT_MS',
  sdkRequestTimeoutMs: 'PULSE_SDK_REQUEST_TIMEOUT_MS',
  sdkMaxAttempts: 'PULSE_SDK_MAX_ATTEMPTS',
  minGroupSizeFloor: 'PULSE_MIN_GROUP_SIZE_FLOOR',
  minCommentGroupSizeFloor: 'PULSE_MIN_COMMENT_GROUP_SIZE_FLOOR',
  retentionMonths: 'PULSE_RETENTION_MONTHS',
  // Local stack only (infra/local).
  port: 'PORT',
  dataDir: 'PULSE_DATA_DIR',
  s3Port: 'PULSE_S3_PORT',
  dynamoDbPort: 'PULSE_DYNAMODB_PORT',
  dynamoDbVia: 'PULSE_DYNAMODB_VIA',
  s3Via: 'PULSE_S3_VIA',
  scheduleSeconds: 'PULSE_SCHEDULE_SECONDS',
  seed: 'PULSE_SEED',
} as const;

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const positiveInt = z.coerce.number().int().min(1);

/** How long an AWS SDK call may take, and how often it is tried, before the caller gives up. */
export interface SdkBudget {
  /** Time to open a connection. */
  connectTimeoutMs: number;
  /** Time for one attempt, from sending the request to the whole response. */
  requestTimeoutMs: number;
  /** Attempts in all (1 = no retry), with the SDK's backoff between them. */
  maxAttempts: number;
}

/**
 * Budgets per function (every SDK client it builds: DynamoDB, S3, Secrets Manager, SQS), sized to
 * its time limit so a stalled DynamoDB or S3 ends as a clear error
 * (503 + Retry-After on HTTP) well before Lambda kills the function. A respondent call gives up
 * after at most 2 × 2 s (+ backoff), inside its 10 s limit even when a request makes several calls;
 * the admin function has API Gateway's 30 s; the job has minutes, and leases to protect.
 */
export const SDK_BUDGETS = {
  respondent: { connectTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 2 },
  admin: { connectTimeoutMs: 1_000, requestTimeoutMs: 5_000, maxAttempts: 3 },
  aggregate: { connectTimeoutMs: 2_000, requestTimeoutMs: 20_000, maxAttempts: 5 },
} as const satisfies Record<string, SdkBudget>;
export type SdkBudgetName = keyof typeof SDK_BUDGETS;

/**
 * What a function needs at run time. `local` mode (set only by `npm start` and the tests) accepts the
 * configured admin bearer token; `aws` mode trusts the API Gateway JWT authorizer and checks the group.
 */
export const runtimeConfigSchema = z
  .object({
    [ENV.mode]: z.enum(['local', 'aws']).default('aws'),
    [ENV.tableName]: z.string().min(1),
    [ENV.bucketName]: z.string().min(1).optional(),
    [ENV.auditBucketName]: z.string().min(1).optional(),
    [ENV.hmacSecret]: z.string().min(32).optional(),
    [ENV.hmacSecretArn]: z.string().min(1).optional(),
    [ENV.adminToken]: z.string().min(16).optional(),
    [ENV.adminGroup]: z.string().min(1).default('support-team'),
    [ENV.auditorGroup]: z.string().min(1).default('auditor'),
    [ENV.s3ForcePathStyle]: bool.default(false),
    [ENV.s3Checksums]: z.enum(['WHEN_SUPPORTED', 'WHEN_REQUIRED']).default('WHEN_SUPPORTED'),
    // The local emulator has no TransactWriteItems (see DynamoResponseStore).
    [ENV.dynamoDbTransactions]: bool.default(true),
    // Behind CloudFront the request's own host is the API's, not the one respondents may use.
    [ENV.publicBaseUrl]: z
      .url({ protocol: /^https?$/ })
      .refine((url) => !url.endsWith('/'), 'no trailing slash')
      .optional(),
    [ENV.userPoolId]: z.string().min(1).optional(),
    [ENV.consoleClientId]: z.string().min(1).optional(),
    [ENV.signInDomain]: z.url({ protocol: /^https$/ }).optional(),
    [ENV.surveyQueueUrl]: z.url().optional(),
    [ENV.sdkConnectTimeoutMs]: positiveInt.optional(),
    [ENV.sdkRequestTimeoutMs]: positiveInt.optional(),
    [ENV.sdkMaxAttempts]: positiveInt.max(10).optional(),
    // Privacy rule 9: the lowest thresholds support users may set (deployment settings, not theirs).
    [ENV.minGroupSizeFloor]: z.coerce.number().int().min(2).max(1000).default(5),
    [ENV.minCommentGroupSizeFloor]: z.coerce.number().int().min(2).max(1000).default(10),
    // Months a closed wave's raw responses and comments are kept where a collaboration sets none.
    [ENV.retentionMonths]: z.coerce
      .number()
      .int()
      .min(RETENTION_MONTHS.min)
      .max(RETENTION_MONTHS.max)
      .default(DEFAULT_RETENTION_MONTHS),
  })
  .transform((env) => ({
    mode: env[ENV.mode],
    tableName: env[ENV.tableName],
    bucketName: env[ENV.bucketName],
    auditBucketName: env[ENV.auditBucketName],
    hmacSecret: env[ENV.hmacSecret],
    hmacSecretArn: env[ENV.hmacSecretArn],
    adminToken: env[ENV.mode] === 'local' ? env[ENV.adminToken] : undefined,
    adminGroup: env[ENV.adminGroup],
    auditorGroup: env[ENV.auditorGroup],
    s3: { forcePathStyle: env[ENV.s3ForcePathStyle], checksums: env[ENV.s3Checksums] },
    dynamoDb: { transactions: env[ENV.dynamoDbTransactions] },
    publicBaseUrl: env[ENV.publicBaseUrl],
    console: {
      userPoolId: env[ENV.userPoolId],
      clientId: env[ENV.consoleClientId],
      signInDomain: env[ENV.signInDomain],
    },
    surveyQueueUrl: env[ENV.surveyQueueUrl],
    /** Overrides of the function's SDK budget (all optional; the defaults fit each function). */
    sdk: {
      connectTimeoutMs: env[ENV.sdkConnectTimeoutMs],
      requestTimeoutMs: env[ENV.sdkRequestTimeoutMs],
      maxAttempts: env[ENV.sdkMaxAttempts],
    },
    thresholdFloors: {
      minGroupSize: env[ENV.minGroupSizeFloor],
      minCommentGroupSize: env[ENV.minCommentGroupSizeFloor],
    },
    retentionMonths: env[ENV.retentionMonths],
  }))
  .refine((c) => c.hmacSecret || c.hmacSecretArn, {
    message: `Set ${ENV.hmacSecret} (local) or ${ENV.hmacSecretArn} (AWS)`,
  });
export type RuntimeConfig = z.output<typeof runtimeConfigSchema>;

/** The CloudWatch namespace of the EMF metrics. */
export const metricsNamespace = (env: NodeJS.ProcessEnv = process.env): string =>
  env[ENV.metricsNamespace] || 'AlliancePulse';
/** A function's SDK budget: its default, with any override from the environment. */
export const sdkBudget = (name: SdkBudgetName, config: Pick<RuntimeConfig, 'sdk'>): SdkBudget => ({
  connectTimeoutMs: config.sdk.connectTimeoutMs ?? SDK_BUDGETS[name].connectTimeoutMs,
  requestTimeoutMs: config.sdk.requestTimeoutMs ?? SDK_BUDGETS[name].requestTimeoutMs,
  maxAttempts: config.sdk.maxAttempts ?? SDK_BUDGETS[name].maxAttempts,
});

/** Parses the environment once; a misconfigured function fails at cold start with a clear message. */
export const loadRuntimeConfig = (env: NodeJS.ProcessEnv): RuntimeConfig => {
  const parsed = runtimeConfigSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid configuration: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
};
