import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from '@aws-lambda-powertools/logger';
import { createAdminHandler } from '../../functions/admin/function.js';
import { createAggregateHandler } from '../../functions/aggregate/function.js';
import { createConsoleHandler } from '../../functions/console/function.js';
import { createPublicHandler } from '../../functions/public/function.js';
import { createRespondentHandler } from '../../functions/respondent/function.js';
import type { SupportTeamDeps } from '../../lib/app/job-deps.js';
import type { RunSummary } from '../../lib/app/run-aggregation.js';
import { type AwsTarget, composeApp, composeJob, composeSupportTeam } from '../../lib/composition.js';
import { ENV, loadRuntimeConfig, type RuntimeConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/logger.js';
import { startApiServer } from './api-server.js';
import { LOCAL_AUDIT_BUCKET_NAME, LOCAL_BUCKET_NAME, LOCAL_TABLE_NAME, type LocalConfig } from './config.js';
import { localHmacSecret } from './data-dir.js';
import { startEmulators } from './emulators.js';

export interface LocalStack {
  url: string;
  adminToken: string;
  s3Endpoint: string;
  dynamoDbEndpoint: string;
  bucketName: string;
  tableName: string;
  deps: SupportTeamDeps;
  /** Runs the scheduled job now, as EventBridge would. */
  runJob(): Promise<RunSummary>;
  runtime: RuntimeConfig;
  /** Region, credentials and endpoints for a test's own SDK clients. */
  aws: AwsTarget;
  stop(): Promise<void>;
}

/** The local stack's default SDK request and connect timeouts (docs/local.md). */
const LOCAL_SDK_REQUEST_TIMEOUT_MS = 15_000;
const LOCAL_SDK_CONNECT_TIMEOUT_MS = 5_000;

/** How long `stop` lets requests in flight finish before it closes their connections. */
const STOP_GRACE_MS = 5_000;

/**
 * The whole system on one machine: emulators, then the same functions Lambda runs behind a local
 * stand-in for API Gateway. Real SDK clients reach the emulators at endpoints given to them
 * explicitly (no process-wide AWS_* variables), each function with its own SDK budget.
 */
export interface LocalStackOptions {
  /** The clock every function and the job read (tests move it forward instead of sleeping). */
  now?: () => Date;
  /**
   * The environment the functions are configured from, as Lambda hands each function its own:
   * `npm start` passes its process's; tests and benchmarks pass none and get the local defaults.
   */
  env?: NodeJS.ProcessEnv;
}

export const startLocalStack = async (
  config: LocalConfig,
  options: LocalStackOptions = {},
): Promise<LocalStack> => {
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const env = options.env ?? {};
  const region = env.AWS_REGION ?? 'eu-west-2';
  // s3rver's fixed credentials (dynalite accepts any).
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const emulators = await startEmulators({
    dataDir,
    dynamoDbPort: config.dynamoDbPort,
    s3Port: config.s3Port,
    tableName: LOCAL_TABLE_NAME,
    bucketNames: [LOCAL_BUCKET_NAME, LOCAL_AUDIT_BUCKET_NAME],
    credentials: { region, ...credentials },
  });
  let hmacSecret: string;
  try {
    hmacSecret = localHmacSecret(dataDir, emulators.tableHoldsItems);
  } catch (error) {
    await emulators.stop();
    throw error;
  }
  const adminToken = config.adminToken ?? randomBytes(24).toString('base64url');
  const target: AwsTarget = {
    region,
    credentials,
    dynamoDbEndpoint: emulators.dynamoDbEndpoint,
    s3Endpoint: emulators.s3Endpoint,
  };
  // The functions reach the emulators through the given addresses when set (the reliability suite's
  // stalling proxies); `aws`, for a test's own clients, always goes straight to them.
  const functions: AwsTarget = {
    ...target,
    dynamoDbEndpoint: config.via?.dynamoDb ?? target.dynamoDbEndpoint,
    s3Endpoint: config.via?.s3 ?? target.s3Endpoint,
  };
  const runtime = loadRuntimeConfig({
    ...env,
    [ENV.mode]: 'local',
    [ENV.tableName]: LOCAL_TABLE_NAME,
    [ENV.bucketName]: LOCAL_BUCKET_NAME,
    [ENV.auditBucketName]: LOCAL_AUDIT_BUCKET_NAME,
    [ENV.hmacSecret]: hmacSecret,
    [ENV.adminToken]: adminToken,
    [ENV.s3ForcePathStyle]: 'true',
    [ENV.s3Checksums]: 'WHEN_REQUIRED',
    [ENV.dynamoDbTransactions]: 'false',
    // The emulator on a busy laptop can take seconds to answer a burst; without transactions, a write
    // cut off by a short timeout could leave a submission's response without its comments. Locally
    // the request timeout is therefore generous unless set (e.g. to try the AWS budgets).
    [ENV.sdkRequestTimeoutMs]: env[ENV.sdkRequestTimeoutMs] ?? String(LOCAL_SDK_REQUEST_TIMEOUT_MS),
    // The emulators run in this process: while it is busy (a bulk write, a job run) even accepting a
    // loopback connection can take over the AWS default of 1 s.
    [ENV.sdkConnectTimeoutMs]: env[ENV.sdkConnectTimeoutMs] ?? String(LOCAL_SDK_CONNECT_TIMEOUT_MS),
  });
  const logger = createLogger('aggregate');
  // As on AWS, each function has its own clients and SDK budget; `deps` (the support team's) is what
  // tests and the demo seed use. A test's clock, when given, is every function's.
  const clock = <T extends { now: () => Date }>(d: T): T => (options.now ? { ...d, now: options.now } : d);
  const deps = clock(await composeSupportTeam(runtime, logger, functions));
  const runJob = createAggregateHandler(clock(await composeJob(runtime, logger, functions)), logger);
  const api = await startApiServer(
    {
      respondent: createRespondentHandler(clock(await composeApp(runtime, functions))),
      admin: createAdminHandler(deps, runtime),
      public: createPublicHandler(),
      console: createConsoleHandler(deps, runtime),
    },
    config.port,
  );
  const schedule = startSchedule(config.scheduleSeconds, runJob, logger);
  return {
    url: api.url,
    adminToken,
    s3Endpoint: emulators.s3Endpoint,
    dynamoDbEndpoint: emulators.dynamoDbEndpoint,
    bucketName: LOCAL_BUCKET_NAME,
    tableName: LOCAL_TABLE_NAME,
    deps,
    runtime,
    aws: target,
    runJob,
    stop: async () => {
      // The emulators go last: a job run or a request still in flight must not lose its store.
      await Promise.all([schedule.stop(), api.close(STOP_GRACE_MS)]);
      await emulators.stop();
    },
  };
};

/**
 * Stands in for EventBridge Scheduler: runs the job every `seconds` (never overlapping itself). A
 * failed run is logged and the next one tries again, as the scheduler's retries would.
 */
const startSchedule = (seconds: number, run: () => Promise<RunSummary>, logger: Logger) => {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = run()
      .catch((error) => logger.error('scheduled run failed', { error: error as Error }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, seconds * 1000);
      });
  };
  if (seconds > 0) timer = setTimeout(tick, seconds * 1000);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
};
