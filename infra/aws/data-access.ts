import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { JOB_STATE_PREFIX } from '../../lib/app/snapshot-files.js';
import { acknowledgeObjectWildcard } from './nag.js';
import { SNAPSHOT_PREFIX } from './snapshot-bucket.js';

/**
 * Least-privilege data access, one function per kind of caller. IAM cannot tell item kinds apart,
 * but it can see the partition key of every item-level request (`dynamodb:LeadingKeys`), and each
 * kind of item has its own partition-key prefix (see lib/stores/dynamodb/table.ts):
 * `C#` collaboration, survey and waves · `L#` link by token hash · `R#` responses · `M#` comments.
 */

/**
 * The condition "every partition key of the request matches one of these patterns". ForAllValues
 * is vacuously true when the key is absent, so the Null check makes the key mandatory.
 */
const partitionKeysLike = (...patterns: string[]) => ({
  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns },
  Null: { 'dynamodb:LeadingKeys': 'false' },
});

/**
 * The respondent function: read its link, collaboration and survey; list the survey's waves; write
 * (and read back, with the edit key) its own response and comments. No Scan, no batch reads, no
 * index, no Query of response or comment partitions, nothing in S3.
 */
export const grantRespondentData = (role: IRole, table: ITable): void => {
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ReadLinkSurveyAndOwnAnswers',
      actions: ['dynamodb:GetItem'],
      resources: [table.tableArn],
      conditions: partitionKeysLike('L#*', 'C#*', 'R#*', 'M#*'),
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ListWavesOfSurvey',
      actions: ['dynamodb:Query'],
      resources: [table.tableArn],
      conditions: partitionKeysLike('C#*'),
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'WriteOwnResponseAndComments',
      actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      resources: [table.tableArn],
      conditions: partitionKeysLike('R#*', 'M#*'),
    }),
  );
};

/** Item reads and writes on the table and its one index; never Scan, never table management. */
export const grantTableReadWrite = (role: IRole, table: ITable, indexArn: string): void => {
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ReadWriteItems',
      actions: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
      ],
      resources: [table.tableArn],
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({ sid: 'QueryIndex', actions: ['dynamodb:Query'], resources: [indexArn] }),
  );
};

/**
 * Read and write the published snapshots and the job's private state beside them (`state/`: the
 * frozen waves' sums). ListBucket is not narrowed by prefix: S3 answers a read of a missing object
 * with 404 only to callers that may list the bucket (403 otherwise), and the bucket holds nothing
 * but these two prefixes.
 */
export const grantSnapshotsReadWrite = (role: IRole, bucket: IBucket, acknowledgeOn: IConstruct): void => {
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ReadWriteSnapshots',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [bucket.arnForObjects(`${SNAPSHOT_PREFIX}*`), bucket.arnForObjects(`${JOB_STATE_PREFIX}/*`)],
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({ sid: 'ListSnapshots', actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
  );
  acknowledgeSnapshotObjects(acknowledgeOn, bucket);
};

/** The `snapshots/*` and `state/v1/*` object wildcards are the narrowest grants: object keys hold open-ended ids. */
export const acknowledgeSnapshotObjects = (scope: IConstruct, bucket: IBucket): void => {
  const reason =
    'Snapshot and job-state keys contain open-ended collaboration and survey ids; the grant is limited to the snapshots/ and state/ prefixes of one bucket.';
  acknowledgeObjectWildcard(scope, bucket, SNAPSHOT_PREFIX, reason);
  acknowledgeObjectWildcard(scope, bucket, `${JOB_STATE_PREFIX}/`, reason);
};
