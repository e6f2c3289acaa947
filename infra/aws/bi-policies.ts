import { Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { RESULTS_PREFIX } from './athena-workgroup.js';
import { acknowledgeObjectWildcard } from './nag.js';
import { SNAPSHOT_PREFIX } from './snapshot-bucket.js';

/**
 * Read-only on the published snapshots: get objects and list keys under `snapshots/`. Enough for
 * DuckDB, scripts and S3-based tools, and the basis of every other BI access.
 */
export const biReaderPolicy = (scope: Construct, id: string, snapshots: IBucket): ManagedPolicy => {
  const policy = new ManagedPolicy(scope, id, {
    description: 'Alliance Pulse: read-only access to the published snapshots',
    statements: [
      new PolicyStatement({
        sid: 'ReadSnapshots',
        actions: ['s3:GetObject'],
        resources: [snapshots.arnForObjects(`${SNAPSHOT_PREFIX}*`)],
      }),
      new PolicyStatement({
        sid: 'ListSnapshots',
        actions: ['s3:ListBucket'],
        resources: [snapshots.bucketArn],
        conditions: { StringLike: { 's3:prefix': [SNAPSHOT_PREFIX, `${SNAPSHOT_PREFIX}*`] } },
      }),
      new PolicyStatement({
        sid: 'LocateBucket',
        actions: ['s3:GetBucketLocation'],
        resources: [snapshots.bucketArn],
      }),
    ],
  });
  acknowledgeObjectWildcard(
    policy,
    snapshots,
    SNAPSHOT_PREFIX,
    'Read-only on the snapshots/ prefix, whose keys hold open-ended collaboration and survey ids.',
  );
  return policy;
};

export interface AthenaQueryPolicyProps {
  databaseName: string;
  workGroupName: string;
  results: IBucket;
}

/**
 * What querying through Athena adds to the reader policy: read this database's catalog entries, run
 * queries in the workgroup, and read and write its results. Nothing else in the catalog.
 */
export const athenaQueryPolicy = (
  scope: Construct,
  id: string,
  props: AthenaQueryPolicyProps,
): ManagedPolicy => {
  const stack = Stack.of(scope);
  const arn = (service: string, resource: string, resourceName?: string) =>
    stack.formatArn({ service, resource, resourceName });
  const policy = new ManagedPolicy(scope, id, {
    description: 'Alliance Pulse: query the snapshots with Athena (attach with the reader policy)',
    statements: [
      new PolicyStatement({
        sid: 'ReadCatalog',
        actions: [
          'glue:GetDatabase',
          'glue:GetDatabases',
          'glue:GetTable',
          'glue:GetTables',
          'glue:GetPartition',
          'glue:GetPartitions',
        ],
        resources: [
          arn('glue', 'catalog'),
          arn('glue', 'database', props.databaseName),
          // The cells table and the per-collaboration views an administrator may add (docs/deploy.md).
          arn('glue', 'table', `${props.databaseName}/*`),
        ],
      }),
      new PolicyStatement({
        sid: 'RunQueries',
        actions: [
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
          'athena:GetQueryExecution',
          'athena:BatchGetQueryExecution',
          'athena:ListQueryExecutions',
          'athena:GetQueryResults',
          'athena:GetQueryResultsStream',
          'athena:GetWorkGroup',
        ],
        resources: [arn('athena', 'workgroup', props.workGroupName)],
      }),
      new PolicyStatement({
        sid: 'BrowseCatalog',
        actions: [
          'athena:GetDataCatalog',
          'athena:GetDatabase',
          'athena:ListDatabases',
          'athena:GetTableMetadata',
          'athena:ListTableMetadata',
        ],
        resources: [arn('athena', 'datacatalog', 'AwsDataCatalog')],
      }),
      new PolicyStatement({
        sid: 'WriteQueryResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [props.results.arnForObjects(`${RESULTS_PREFIX}*`)],
      }),
      new PolicyStatement({
        sid: 'ListQueryResults',
        actions: ['s3:ListBucket', 's3:ListBucketMultipartUploads', 's3:GetBucketLocation'],
        resources: [props.results.bucketArn],
      }),
    ],
  });
  acknowledgeObjectWildcard(
    policy,
    props.results,
    RESULTS_PREFIX,
    'Athena names result objects by query id; the grant covers only the results/ prefix of the workgroup bucket.',
  );
  Validations.of(policy).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${props.databaseName}/*]`,
    reason:
      'Read-only catalog access to the tables of this one database: the cells table and the per-collaboration views an administrator creates for BI tools.',
  });
  return policy;
};
