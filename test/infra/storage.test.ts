import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createTableInput } from '../../lib/stores/dynamodb/table.js';
import { synthStack, THROWAWAY } from './synth.js';

const prod = synthStack().template;
const throwaway = synthStack(THROWAWAY).template;

describe('the table', () => {
  it('has the keys and index of the table the local stack creates (lib/stores/dynamodb/table.ts)', () => {
    const local = createTableInput('pulse');
    prod.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: local.KeySchema,
      GlobalSecondaryIndexes: local.GlobalSecondaryIndexes,
    });
  });

  it('is on-demand, encrypted, with point-in-time recovery', () => {
    for (const template of [prod, throwaway]) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    }
  });

  it('is protected and retained by default, destroyed in a throwaway stage', () => {
    prod.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    throwaway.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });
});

describe('buckets', () => {
  it('are all private, encrypted and owner-enforced', () => {
    // snapshots, access logs, Athena results and (since issue 10) the audit trail
    const buckets = prod.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets).length).toBe(4);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(
        bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
      ).toEqual({ SSEAlgorithm: 'AES256' });
      expect(bucket.Properties.OwnershipControls.Rules[0].ObjectOwnership).toBe('BucketOwnerEnforced');
    }
  });

  it('refuse requests without TLS', () => {
    const policies = Object.values(prod.findResources('AWS::S3::BucketPolicy'));
    expect(policies.length).toBe(4);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('version the snapshots, expire overwritten versions and log access', () => {
    prod.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Prefix: 'snapshots/',
            NoncurrentVersionExpiration: Match.objectLike({ NoncurrentDays: 30 }),
          }),
        ]),
      },
    });
  });

  it('are retained by default, emptied and destroyed in a throwaway stage', () => {
    for (const bucket of Object.values(prod.findResources('AWS::S3::Bucket'))) {
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
    for (const bucket of Object.values(throwaway.findResources('AWS::S3::Bucket'))) {
      expect(bucket.DeletionPolicy).toBe('Delete');
    }
    expect(Object.keys(prod.findResources('Custom::S3AutoDeleteObjects'))).toEqual([]);
    expect(Object.keys(throwaway.findResources('Custom::S3AutoDeleteObjects')).length).toBe(4);
  });
});

describe('the HMAC secret', () => {
  it('is generated, never rotated and retained by default', () => {
    prod.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ GenerateSecretString: Match.objectLike({ PasswordLength: 64 }) }),
    });
    prod.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });

  it('is passed to the functions that derive keys by ARN, never by value', () => {
    for (const name of ['respondent', 'admin', 'aggregate']) {
      prod.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            POWERTOOLS_SERVICE_NAME: name,
            PULSE_HMAC_SECRET_ARN: Match.anyValue(),
          }),
        },
      });
    }
    for (const fn of Object.values(prod.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables.PULSE_HMAC_SECRET).toBeUndefined();
    }
  });
});

describe('the user pool', () => {
  it('is retained and protected by default, destroyed in a throwaway stage', () => {
    prod.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
    throwaway.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
  });
});
