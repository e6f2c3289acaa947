import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../lib/config.js';
import { PulseFunction } from './pulse-function.js';
import { removalPolicyOf, type StageSettings } from './settings.js';

/** One survey's run: compute and publish (its lease is renewed by a heartbeat while it runs). */
const WORKER_TIMEOUT = Duration.minutes(5);
/**
 * Surveys aggregated at once. Each reads its open waves in parallel, so a few suffice for hundreds of
 * surveys an hour, and a new account's concurrency (as low as 10) is left to respondents.
 */
export const WORKER_CONCURRENCY = 5;

/**
 * The scheduled job (aggregation, wave opening and closing): its function, an EventBridge Scheduler
 * schedule at the context's rate, and one encrypted dead-letter queue that receives both the
 * invocations Scheduler could not deliver and the runs that still failed after Lambda's retries.
 * The handler rethrows on failure, so a failed run is retried and then visible in the queue.
 */
export class AggregationJob extends Construct {
  readonly job: PulseFunction;
  /** Runs one survey per message of the work queue (the fan-out). */
  readonly worker: PulseFunction;
  readonly workQueue: Queue;
  readonly deadLetterQueue: Queue;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, settings: StageSettings, environment: Record<string, string>) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: removalPolicyOf(settings),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the schedule and of the job function.',
    });

    // The fan-out: the scheduled run enqueues one message per survey; the worker runs each with its
    // lease, at most WORKER_CONCURRENCY at once (leaving account concurrency for respondents). A message
    // that fails three times moves to the dead-letter queue.
    this.worker = new PulseFunction(this, 'Worker', {
      name: 'aggregate-survey',
      memorySize: 1024,
      timeout: WORKER_TIMEOUT,
      logRetentionDays: settings.logRetentionDays,
      removalPolicy: removalPolicyOf(settings),
      environment,
    });
    this.workQueue = new Queue(this, 'WorkQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for Lambda consumers: six times the function's timeout.
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 3 },
      removalPolicy: removalPolicyOf(settings),
    });
    this.worker.fn.addEventSource(
      new SqsEventSource(this.workQueue, {
        batchSize: 1,
        maxConcurrency: WORKER_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );

    // A run older than one interval is superseded by the next one, so it is not worth delivering.
    const staleAfter = Duration.minutes(Math.max(1, Math.min(60, settings.scheduleMinutes)));
    this.job = new PulseFunction(this, 'Job', {
      name: 'aggregate',
      memorySize: 1024,
      timeout: Duration.minutes(10),
      logRetentionDays: settings.logRetentionDays,
      removalPolicy: removalPolicyOf(settings),
      environment: { ...environment, [ENV.surveyQueueUrl]: this.workQueue.queueUrl },
      async: {
        retryAttempts: 2,
        maxEventAge: staleAfter,
        onFailure: new SqsDestination(this.deadLetterQueue),
      },
    });

    this.workQueue.grantSendMessages(this.job.role);

    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: invoke the Alliance Pulse job',
    });
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Runs the Alliance Pulse job: opens and closes waves, publishes snapshots',
      schedule: ScheduleExpression.rate(Duration.minutes(settings.scheduleMinutes)),
      target: new LambdaInvoke(this.job.fn, {
        role: schedulerRole,
        retryAttempts: 3,
        maxEventAge: staleAfter,
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
    const functionId = Stack.of(this).getLogicalId(this.job.fn.node.defaultChild as CfnElement);
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason:
        'CDK grants invoke on the function and its versions/aliases; the role can invoke only this function.',
    });
  }
}
