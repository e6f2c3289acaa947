import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { FunctionName } from '../../functions/routes.js';
import { ENV } from '../../lib/config.js';
import { AggregationJob } from './aggregation-job.js';
import { AuditTrailBucket } from './audit-trail.js';
import { BiAccess } from './bi-access.js';
import { bundledAssets } from './bundling.js';
import { grantRespondentData, grantSnapshotsReadWrite, grantTableReadWrite } from './data-access.js';
import { applyFeatureFlags } from './feature-flags.js';
import { HmacSecret } from './hmac-secret.js';
import { PublicEdge } from './public-edge.js';
import { PulseAlarms } from './pulse-alarms.js';
import { PulseApi, RESPONDENT_ROUTES } from './pulse-api.js';
import { PulseFunction } from './pulse-function.js';
import { PulseTable } from './pulse-table.js';
import { removalPolicyOf, type StageSettings } from './settings.js';
import { SNAPSHOT_V1_PREFIX, SnapshotBucket } from './snapshot-bucket.js';
import { AUDITOR_GROUP, SUPPORT_TEAM_GROUP, SupportTeamAuth } from './support-team-auth.js';
import { TableBackup } from './table-backup.js';

export interface PulseStackProps extends StackProps {
  settings: StageSettings;
}

/**
 * Alliance Pulse on AWS: the HTTP API and its three functions, the scheduled job, the table, the
 * snapshot bucket, the HMAC secret, support-team sign-in, BI access and alarms. Environment-agnostic
 * (no lookups), so `cdk synth` needs no credentials.
 */
export class PulseStack extends Stack {
  constructor(scope: Construct, id: string, props: PulseStackProps) {
    super(scope, id, props);
    applyFeatureFlags(this);
    const { settings } = props;
    const removalPolicy = removalPolicyOf(settings);

    const { table, gsi1Arn } = new PulseTable(this, 'Data', settings);
    new TableBackup(this, 'Backup', settings, table);
    const snapshots = new SnapshotBucket(this, 'Snapshots', settings);
    const auditTrail = new AuditTrailBucket(this, 'AuditTrail', settings, snapshots.accessLogs);
    const { secret } = new HmacSecret(this, 'HmacSecret', settings);
    const auth = new SupportTeamAuth(this, 'SupportTeam', settings);

    const base = { logRetentionDays: settings.logRetentionDays, removalPolicy };
    const keyed = {
      [ENV.tableName]: table.tableName,
      [ENV.hmacSecretArn]: secret.secretArn,
      // Rule 9: every function that computes or shows thresholds holds the same deployment floors.
      [ENV.minGroupSizeFloor]: String(settings.minGroupSizeFloor),
      [ENV.minCommentGroupSizeFloor]: String(settings.minCommentGroupSizeFloor),
    };
    // Every function that can run the job (and so its purge step) or shows the setting.
    const retention = { [ENV.retentionMonths]: String(settings.retentionMonths) };
    const respondent = new PulseFunction(this, 'Respondent', {
      ...base,
      name: 'respondent',
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: keyed,
    });
    const admin = new PulseFunction(this, 'Admin', {
      ...base,
      name: 'admin',
      // It can run the job on demand (POST /admin/aggregate), within API Gateway's 30 s limit.
      memorySize: 1024,
      timeout: Duration.seconds(29),
      environment: {
        ...keyed,
        ...retention,
        [ENV.bucketName]: snapshots.bucket.bucketName,
        [ENV.auditBucketName]: auditTrail.bucket.bucketName,
        [ENV.adminGroup]: SUPPORT_TEAM_GROUP,
        [ENV.auditorGroup]: AUDITOR_GROUP,
      },
    });
    // The console serves pages and runs the same use cases as /admin (downloads compute figures).
    const consoleFn = new PulseFunction(this, 'Console', {
      ...base,
      name: 'console',
      memorySize: 1024,
      timeout: Duration.seconds(29),
      environment: {
        ...keyed,
        ...retention,
        [ENV.bucketName]: snapshots.bucket.bucketName,
        [ENV.auditBucketName]: auditTrail.bucket.bucketName,
        [ENV.adminGroup]: SUPPORT_TEAM_GROUP,
      },
    });
    const publicFn = new PulseFunction(this, 'Public', {
      ...base,
      name: 'public',
      memorySize: 256,
      timeout: Duration.seconds(5),
      assets: bundledAssets(),
    });
    const aggregation = new AggregationJob(this, 'Aggregation', settings, {
      ...keyed,
      ...retention,
      [ENV.bucketName]: snapshots.bucket.bucketName,
    });

    grantRespondentData(respondent.role, table);
    for (const reader of [respondent, admin, consoleFn, aggregation.job, aggregation.worker])
      secret.grantRead(reader.role);
    for (const writer of [admin, consoleFn, aggregation.job, aggregation.worker]) {
      grantTableReadWrite(writer.role, table, gsi1Arn);
      grantSnapshotsReadWrite(writer.role, snapshots.bucket, writer);
    }

    // The console records its users' actions in the same trail; only the admin API reads it back
    // (GET /admin/audit), so the console may only append.
    auditTrail.grantAppendAndRead(admin.role, admin);
    auditTrail.grantAppend(consoleFn.role, consoleFn);

    const httpFunctions: Record<FunctionName, IFunction> = {
      respondent: respondent.fn,
      admin: admin.fn,
      public: publicFn.fn,
      console: consoleFn.fn,
    };
    const api = new PulseApi(this, 'Http', {
      settings,
      functions: httpFunctions,
      userPool: auth.userPool,
      client: auth.client,
    });
    const edge = new PublicEdge(this, 'Edge', { settings, api: api.api });
    // Links mailed to respondents must outlive the API: they always use the public origin.
    admin.fn.addEnvironment(ENV.publicBaseUrl, edge.publicOrigin);
    // The console lives at the public origin too: Cognito sends the browser back there.
    const signIn = auth.addConsole({
      consoleUrl: edge.publicOrigin,
      domainPrefix: settings.signInDomainPrefix ?? `alliance-pulse-${settings.stage}-${Aws.ACCOUNT_ID}`,
    });
    consoleFn.fn.addEnvironment(ENV.publicBaseUrl, edge.publicOrigin);
    consoleFn.fn.addEnvironment(ENV.userPoolId, auth.userPool.userPoolId);
    consoleFn.fn.addEnvironment(ENV.consoleClientId, signIn.client.userPoolClientId);
    consoleFn.fn.addEnvironment(ENV.signInDomain, signIn.domain.baseUrl());
    const bi = new BiAccess(this, 'Bi', {
      settings,
      snapshots: snapshots.bucket,
      accessLogs: snapshots.accessLogs,
    });
    const alarms = new PulseAlarms(this, 'Alarms', {
      settings,
      api: api.api,
      respondentRoutes: RESPONDENT_ROUTES,
      job: aggregation.job.fn,
      deadLetterQueue: aggregation.deadLetterQueue,
      functions: { ...httpFunctions, aggregate: aggregation.job.fn, aggregateSurvey: aggregation.worker.fn },
    });

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output(
      'ApiUrl',
      `${edge.publicOrigin}/`,
      'Public base URL (CloudFront): survey links, /admin and /console',
    );
    output(
      'ExecuteApiUrl',
      api.url,
      'The HTTP API behind CloudFront (not for respondents: it changes if the API is recreated)',
    );
    output('DistributionId', edge.distribution.distributionId, 'CloudFront distribution in front of the API');
    output('SnapshotBucketName', snapshots.bucket.bucketName, 'Bucket holding the published snapshots');
    output('SnapshotPrefix', SNAPSHOT_V1_PREFIX, 'Key prefix of the published snapshots');
    output('UserPoolId', auth.userPool.userPoolId, 'Cognito user pool of the support team');
    output('UserPoolClientId', auth.client.userPoolClientId, 'App client the support team signs in with');
    output('ConsoleUrl', `${edge.publicOrigin}/console`, 'The support console: open it and sign in');
    output('SignInDomain', signIn.domain.baseUrl(), 'Cognito managed login used by the console');
    output('SupportTeamGroup', SUPPORT_TEAM_GROUP, 'Cognito group allowed to use /admin');
    output('AuditorGroup', AUDITOR_GROUP, 'Cognito group allowed to read GET /admin/audit only');
    output('AuditBucketName', auditTrail.bucket.bucketName, 'Append-only bucket holding the audit trail');
    output('BiReaderPolicyArn', bi.readerPolicy.managedPolicyArn, 'Managed policy: read-only on snapshots/');
    output(
      'AthenaQueryPolicyArn',
      bi.queryPolicy.managedPolicyArn,
      'Managed policy: query snapshots with Athena',
    );
    output('AthenaWorkGroup', bi.workGroup.name, 'Athena workgroup for BI queries');
    output(
      'AthenaResultsBucket',
      bi.workGroup.results.bucketName,
      'Bucket holding Athena query results (7 days)',
    );
    output('GlueDatabase', bi.catalog.databaseName, 'Glue database holding the cells table');
    output('AlarmTopicArn', alarms.topic.topicArn, 'SNS topic the alarms publish to');
    output('DeadLetterQueueUrl', aggregation.deadLetterQueue.queueUrl, 'Failed job runs land here');
  }
}
