import { Duration } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageSettings } from './settings.js';
import { privateBucketProps } from './snapshot-bucket.js';

/** Where the workgroup writes query results, inside its bucket. */
export const RESULTS_PREFIX = 'results/';

/**
 * The Athena workgroup BI tools query through, with its own results bucket. The workgroup enforces
 * the result location and SSE-S3 encryption, so clients cannot send results elsewhere, and caps the
 * data one query may scan. Results are copies of published figures: they expire after 7 days.
 */
export class AthenaWorkGroup extends Construct {
  readonly name: string;
  readonly results: IBucket;

  constructor(scope: Construct, id: string, settings: StageSettings, accessLogs: IBucket) {
    super(scope, id);
    this.name = `alliance-pulse-${settings.stage}`;
    this.results = new Bucket(this, 'Results', {
      ...privateBucketProps(settings),
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'athena-results/',
      lifecycleRules: [
        {
          id: 'expire-results',
          expiration: Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    const workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: this.name,
      description: 'Alliance Pulse: query the published snapshots',
      recursiveDeleteOption: settings.throwaway,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        // A guard against a runaway query: the published cells are small.
        bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        resultConfiguration: {
          outputLocation: `s3://${this.results.bucketName}/${RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
    workGroup.node.addDependency(this.results);
  }
}
