import { Duration } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Bucket, type IBucket, ObjectLockRetention } from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { AUDIT_PREFIX } from '../../lib/stores/s3/audit-trail.js';
import { acknowledgeObjectWildcard } from './nag.js';
import type { StageSettings } from './settings.js';
import { privateBucketProps } from './snapshot-bucket.js';

/** How long every audit event is locked against deletion (at least a year, with a margin). */
export const AUDIT_RETENTION_DAYS = 400;

/**
 * What the bucket policy denies to every principal: deleting events or bypassing a lock. Extending a
 * lock or placing a legal hold stays possible (both only keep events longer), and bucket settings
 * stay manageable by CloudFormation.
 */
export const AUDIT_DENIED_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:BypassGovernanceRetention',
];

/**
 * The append-only audit trail of admin actions (lib/stores/s3/audit-trail.ts): one object per event
 * in a bucket of its own.
 * - S3 Object Lock in compliance mode keeps every event version for AUDIT_RETENTION_DAYS: nobody,
 *   the account root included, can delete it or shorten its lock.
 * - A bucket policy refuses any PutObject without `If-None-Match` (S3 then refuses to replace an
 *   existing key), so an event cannot be hidden behind a newer version either; it also denies
 *   deleting and bypassing the lock to every principal.
 * - The admin API may only PutObject (conditionally) and read; the console may only PutObject; no
 *   role of the stack gets delete, retention or lifecycle permissions (test/infra/audit.test.ts).
 * Object Lock needs a checksum on every upload; the SDK sends one by default on AWS.
 * A throwaway stage is destroyed with its stack, so there events are not locked (locked objects
 * would block the teardown), but they still cannot be overwritten.
 */
export class AuditTrailBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, settings: StageSettings, accessLogs: IBucket) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Events', {
      ...privateBucketProps(settings),
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: settings.throwaway
        ? undefined
        : ObjectLockRetention.compliance(Duration.days(AUDIT_RETENTION_DAYS)),
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'audit-bucket/',
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyConditionalPuts',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
    if (!settings.throwaway) {
      this.bucket.addToResourcePolicy(
        new PolicyStatement({
          sid: 'NeverDeleteOrUnlock',
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: AUDIT_DENIED_ACTIONS,
          resources: [this.bucket.arnForObjects('*')],
        }),
      );
    }
  }

  /**
   * A function that records events: PutObject only (the bucket policy makes it conditional). It can
   * neither read the trail back nor replace an event.
   */
  grantAppend(role: IRole, acknowledgeOn: IConstruct): void {
    this.grantOnEvents(role, acknowledgeOn, 'AppendAuditTrail', ['s3:PutObject']);
  }

  /** The admin API, which also serves `GET /admin/audit`: append events and read them back, nothing else. */
  grantAppendAndRead(role: IRole, acknowledgeOn: IConstruct): void {
    this.grantOnEvents(role, acknowledgeOn, 'AppendAndReadAuditTrail', ['s3:PutObject', 's3:GetObject']);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ListAuditTrail',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${AUDIT_PREFIX}*`] } },
      }),
    );
  }

  private grantOnEvents(role: IRole, acknowledgeOn: IConstruct, sid: string, actions: string[]): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({ sid, actions, resources: [this.bucket.arnForObjects(`${AUDIT_PREFIX}*`)] }),
    );
    acknowledgeObjectWildcard(
      acknowledgeOn,
      this.bucket,
      AUDIT_PREFIX,
      'One object per audit event, keyed by time and a random id; the grant is limited to the audit/v1/ prefix of the audit bucket.',
    );
  }
}
