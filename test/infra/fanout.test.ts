import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { WORKER_CONCURRENCY } from '../../infra/aws/aggregation-job.js';
import { actionsOf, functionLogicalId, statementsOf, synthStack } from './synth.js';

const { template } = synthStack({ alarmEmail: 'pulse-ops@example.nhs.uk' });
const queues = template.findResources('AWS::SQS::Queue');
const workQueueId = Object.keys(queues).find((id) => id.includes('WorkQueue')) as string;
const deadLetterId = Object.keys(queues).find((id) => id.includes('DeadLetterQueue')) as string;

describe('the per-survey fan-out', () => {
  it('gives the scheduled job the work queue, so it enqueues one message per survey', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'aggregate',
          PULSE_SURVEY_QUEUE_URL: { Ref: workQueueId },
        }),
      },
    });
    const sends = statementsOf(template, 'aggregate').statements.filter((s) =>
      actionsOf([s]).includes('sqs:SendMessage'),
    );
    // The other queue it may send to is the dead-letter queue (its failed async runs).
    expect(sends.map((s) => s.Resource)).toEqual(
      expect.arrayContaining([
        { 'Fn::GetAtt': [workQueueId, 'Arn'] },
        { 'Fn::GetAtt': [deadLetterId, 'Arn'] },
      ]),
    );
    expect(sends).toHaveLength(2);
  });

  it('runs one survey per message in the worker, at a bounded concurrency, retrying failures only', () => {
    expect(WORKER_CONCURRENCY).toBeLessThan(10);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionLogicalId(template, 'aggregate-survey') },
      EventSourceArn: { 'Fn::GetAtt': [workQueueId, 'Arn'] },
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: WORKER_CONCURRENCY },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('moves a survey that failed three times to the dead-letter queue; the queue is encrypted and TLS-only', () => {
    expect(queues[workQueueId]?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterId, 'Arn'] }, maxReceiveCount: 3 },
      VisibilityTimeout: 6 * 5 * 60,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: workQueueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets the worker do what the job does: the table, the snapshots and the HMAC secret', () => {
    const job = new Set(actionsOf(statementsOf(template, 'aggregate').statements));
    const worker = new Set(actionsOf(statementsOf(template, 'aggregate-survey').statements));
    for (const action of [
      'dynamodb:Query',
      'dynamodb:PutItem',
      's3:PutObject',
      'secretsmanager:GetSecretValue',
    ]) {
      expect(job.has(action) && worker.has(action), action).toBe(true);
    }
    expect(worker.has('sqs:ReceiveMessage')).toBe(true);
  });
});
