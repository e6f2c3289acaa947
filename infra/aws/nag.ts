import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges the cdk-nag IAM5 finding for a grant on `{prefix}*` objects of a bucket. cdk-nag 3
 * acknowledges findings one by one, named after the bucket's logical id, so the id is derived here
 * rather than copied from a synth run.
 */
export const acknowledgeObjectWildcard = (
  scope: IConstruct,
  bucket: IBucket,
  prefix: string,
  reason: string,
): void => {
  const logicalId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement);
  Validations.of(scope).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${prefix}*]`,
    reason,
  });
};
