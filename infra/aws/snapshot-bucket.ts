import { Duration } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { removalPolicyOf, type StageSettings } from './settings.js';

/** Everything the system publishes lives under this prefix (the public contract's S3 layout). */
export const SNAPSHOT_PREFIX = 'snapshots/';
/** The versioned layout BI tools are pointed at. */
export const SNAPSHOT_V1_PREFIX = `${SNAPSHOT_PREFIX}v1/`;

/** Settings every bucket of the stack shares: private, encrypted, TLS only, owner-enforced. */
export const privateBucketProps = (settings: StageSettings) => ({
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  // SSE-S3 rather than KMS: BI readers then need only the read-only policy, no key grants.
  encryption: BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: removalPolicyOf(settings),
  autoDeleteObjects: settings.throwaway,
});

/**
 * The snapshot bucket that dashboards and BI tools read, plus the bucket that receives S3 server
 * access logs for every bucket of the stack.
 *
 * Lifecycle: `latest.*`, the Parquet table and the manifest are overwritten on each changed run, so
 * their old versions expire after 30 days (the newest 3 are kept for recovery). `history/` copies are
 * immutable and never overwritten; S3 lifecycle filters are plain prefixes (no wildcard for
 * `snapshots/v1/{c}/{s}/history/`), so instead of expiring the audit trail, objects older than 30
 * days move to Intelligent-Tiering, which makes rarely read history cheap without a retrieval fee.
 */
export class SnapshotBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: IBucket;

  constructor(scope: Construct, id: string, settings: StageSettings) {
    super(scope, id);
    // cdk-nag accepts a log target bucket without logs of its own (logging it to itself would loop).
    const accessLogs = new Bucket(this, 'AccessLogs', {
      ...privateBucketProps(settings),
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(settings.logRetentionDays) }],
    });
    this.accessLogs = accessLogs;

    this.bucket = new Bucket(this, 'Snapshots', {
      ...privateBucketProps(settings),
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'snapshots-bucket/',
      lifecycleRules: [
        {
          id: 'expire-overwritten-versions',
          prefix: SNAPSHOT_PREFIX,
          noncurrentVersionExpiration: Duration.days(30),
          noncurrentVersionsToRetain: 3,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        {
          id: 'tier-old-objects',
          prefix: SNAPSHOT_V1_PREFIX,
          transitions: [
            { storageClass: StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) },
          ],
        },
        { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
      ],
    });
  }
}
