import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface PulseAlarmsProps {
  api: HttpApi;
  job: IFunction;
  deadLetterQueue: IQueue;
  /** Every function, by name: each gets a throttle alarm. */
  functions: Record<string, IFunction>;
  alarmEmail: string | undefined;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The alarms an operator acts on, all publishing to one SNS topic (subscribe an e-mail with
 * `-c alarmEmail=…`): the job failed, something reached the dead-letter queue, the API answered
 * with server errors, a function was throttled. Missing data is "OK": quiet hours are normal.
 */
export class PulseAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: PulseAlarmsProps) {
    super(scope, id);
    // Alarm notifications carry no personal data, so the topic needs TLS but no customer key.
    this.topic = new Topic(this, 'Topic', { displayName: 'Alliance Pulse alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    this.add('JobErrors', 'The scheduled job failed', props.job.metricErrors({ period: FIVE_MINUTES }), 1);
    this.add(
      'DeadLetters',
      'A job run or schedule delivery ended in the dead-letter queue',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: 'Maximum',
      }),
      1,
    );
    this.add(
      'Api5xx',
      'The HTTP API answered with server errors',
      props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      5,
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(
        `${capitalise(name)}Throttles`,
        `The ${name} function was throttled (account or reserved concurrency exhausted)`,
        fn.metricThrottles({ period: FIVE_MINUTES }),
        1,
      );
    }
  }

  private add(id: string, description: string, metric: Metric, threshold: number): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
