import { describe, expect, it } from 'vitest';
import { AUDIT_DENIED_ACTIONS, AUDIT_RETENTION_DAYS } from '../../infra/aws/audit-trail.js';
import { actionsOf, resourcesOf, type Statement, statementsOf, synthStack, THROWAWAY } from './synth.js';

const prod = synthStack().template;
const resources = prod.toJSON().Resources as Record<string, { Type: string; Properties: any }>;

const auditBucketId = (): string => {
  const ids = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::S3::Bucket' && r.Properties.ObjectLockEnabled === true)
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};

/** Every identity-policy statement of the stack: inline role policies, policies and managed policies. */
const identityStatements = (): { owner: string; statement: Statement }[] =>
  Object.entries(resources).flatMap(([owner, r]) => {
    const documents =
      r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy'
        ? [r.Properties.PolicyDocument]
        : r.Type === 'AWS::IAM::Role'
          ? (r.Properties.Policies ?? []).map((p: { PolicyDocument: unknown }) => p.PolicyDocument)
          : [];
    return documents.flatMap((d: { Statement: Statement[] }) =>
      d.Statement.map((statement) => ({ owner, statement })),
    );
  });

describe('the audit trail', () => {
  it('is a bucket with Object Lock in compliance mode for more than a year', () => {
    const bucket = resources[auditBucketId()];

    expect(bucket?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const rule = bucket?.Properties.ObjectLockConfiguration.Rule.DefaultRetention;
    expect(rule.Mode).toBe('COMPLIANCE');
    expect(rule.Days).toBe(AUDIT_RETENTION_DAYS);
    expect(AUDIT_RETENTION_DAYS).toBeGreaterThanOrEqual(366);
  });

  it('is append-only for every role of the stack: no delete, overwrite, unlock or policy change', () => {
    const id = auditBucketId();
    const allowed = new Set(['s3:PutObject', 's3:GetObject', 's3:ListBucket']);
    const touching = identityStatements().filter(({ statement }) =>
      resourcesOf(statement).some((r) => r.includes(`"${id}"`) || r === '*'),
    );
    const onTheBucket = touching.filter(({ statement }) =>
      resourcesOf(statement).some((r) => r.includes(`"${id}"`)),
    );

    expect(onTheBucket.length).toBeGreaterThan(0);
    for (const { owner, statement } of touching) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of actionsOf([statement])) {
        if (!action.startsWith('s3:') && action !== '*') continue;
        expect(allowed.has(action), `${owner} may ${action} on the audit trail`).toBe(true);
      }
    }
    // Only the support team's functions (the admin API and the console) write it.
    const writers = new Set(
      onTheBucket
        .filter(({ statement }) => actionsOf([statement]).includes('s3:PutObject'))
        .map(({ owner }) => owner),
    );
    expect(writers.size).toBe(2);
    for (const name of ['admin', 'console']) {
      const statements = statementsOf(prod, name).statements;
      expect(
        statements.some(
          (s) => actionsOf([s]).includes('s3:PutObject') && resourcesOf(s).some((r) => r.includes(`"${id}"`)),
        ),
        `${name} appends to the audit trail`,
      ).toBe(true);
    }
  });

  it('is read back only by the admin API (GET /admin/audit): the console may only append', () => {
    const id = auditBucketId();
    const readers = (name: string) =>
      statementsOf(prod, name).statements.filter(
        (s) =>
          s.Effect === 'Allow' &&
          resourcesOf(s).some((r) => r.includes(`"${id}"`)) &&
          actionsOf([s]).some((a) => a === 's3:GetObject' || a === 's3:ListBucket'),
      );

    expect(readers('admin').length).toBeGreaterThan(0);
    expect(readers('console')).toEqual([]);
  });

  it('refuses, to every principal, puts that could replace an event and deletes of any version', () => {
    const id = auditBucketId();
    const policy = Object.values(resources).find(
      (r) => r.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(r.Properties.Bucket).includes(id),
    );
    const statements = policy?.Properties.PolicyDocument.Statement as Statement[];

    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:PutObject',
        Condition: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Action: AUDIT_DENIED_ACTIONS }),
    );
    expect(AUDIT_DENIED_ACTIONS).toEqual(
      expect.arrayContaining(['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention']),
    );
  });

  it('is not locked in a throwaway stage, so the stack can be destroyed, but still refuses overwrites', () => {
    const template = synthStack(THROWAWAY).template;
    const buckets = template.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true } });
    const [bucket] = Object.values(buckets);

    expect(bucket?.Properties.ObjectLockConfiguration?.Rule).toBeUndefined();
    expect(JSON.stringify(template.findResources('AWS::S3::BucketPolicy'))).toContain('s3:if-none-match');
  });
});
