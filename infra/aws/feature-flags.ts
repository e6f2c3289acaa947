import type { Construct } from 'constructs';

/**
 * CDK feature flags the stack depends on, set on the stack itself so that `cdk synth` and the tests
 * build the same template whatever cdk.json holds.
 */
export const FEATURE_FLAGS = {
  // Server access logs delivered by bucket policy, so every bucket can stay owner-enforced (no ACLs).
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
} as const;

/** Must run before the scope has children. */
export const applyFeatureFlags = (scope: Construct): void => {
  for (const [flag, value] of Object.entries(FEATURE_FLAGS)) scope.node.setContext(flag, value);
};
