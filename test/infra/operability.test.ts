import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthStack, THROWAWAY } from './synth.js';

const { template } = synthStack();
const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
  (fn) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME,
);

describe('functions', () => {
  it('are six (the fan-out added a per-survey worker), Node 24 on arm64, ESM bundles with source maps', () => {
    expect(functions.map((fn) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).sort()).toEqual(
      ['admin', 'aggregate', 'aggregate-survey', 'console', 'public', 'respondent'],
    );
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
  });

  it('never run in local mode and never get the local admin token', () => {
    for (const fn of functions) {
      const env = fn.Properties.Environment.Variables;
      expect(env.PULSE_MODE).toBe('aws');
      expect(env.PULSE_ADMIN_TOKEN).toBeUndefined();
    }
  });
});

describe('logs', () => {
  it('are kept a year by default, two weeks in a throwaway stage, or as the context says', () => {
    const retention = (t: typeof template) =>
      Object.values(t.findResources('AWS::Logs::LogGroup')).map((g) => g.Properties.RetentionInDays);
    expect(retention(template)).toEqual([365, 365, 365, 365, 365, 365, 365]);
    expect(new Set(retention(synthStack(THROWAWAY).template))).toEqual(new Set([14]));
    expect(new Set(retention(synthStack({ logRetentionDays: '90' }).template))).toEqual(new Set([90]));
  });
});

describe('alarms', () => {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
  const metricNames = alarms.map((a) => `${a.Properties.Namespace}/${a.Properties.MetricName}`);

  it('watch job errors, dead letters, API 5xx and throttles of every function', () => {
    expect(metricNames).toEqual(
      expect.arrayContaining([
        'AWS/Lambda/Errors',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
        'AWS/ApiGateway/5xx',
      ]),
    );
    expect(metricNames.filter((m) => m === 'AWS/Lambda/Throttles').length).toBe(6);
  });

  it('all notify the alarm topic, which refuses publishing without TLS', () => {
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('can mail someone', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    synthStack({ alarmEmail: 'ops@example.org' }).template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
    });
  });
});

describe('outputs', () => {
  it('give the API URL, bucket and prefix, user pool and client, and BI policies', () => {
    const outputs = template.toJSON().Outputs;
    for (const name of [
      'ApiUrl',
      'SnapshotBucketName',
      'SnapshotPrefix',
      'UserPoolId',
      'UserPoolClientId',
      'BiReaderPolicyArn',
      'AthenaQueryPolicyArn',
      'AthenaWorkGroup',
      'GlueDatabase',
    ]) {
      expect(outputs[name], name).toBeDefined();
    }
    expect(outputs.SnapshotPrefix.Value).toBe('snapshots/v1/');
  });
});
