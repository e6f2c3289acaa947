import { Annotations, CfnRule, Duration, Fn, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import { CfnMicrosoftTeamsChannelConfiguration, SlackChannelConfiguration } from 'aws-cdk-lib/aws-chatbot';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from './pulse-function.js';
import { CONTEXT, hasAlarmDestination, type StageSettings } from './settings.js';

export interface PulseAlarmsProps {
  settings: StageSettings;
  api: HttpApi;
  /** The routes whose 4xx and latency are watched (they have detailed metrics on the stage). */
  respondentRoutes: readonly { method: string; path: string }[];
  job: IFunction;
  deadLetterQueue: IQueue;
  /** Every function, by name: each gets a throttle alarm. */
  functions: Record<string, IFunction>;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Thresholds for the respondent routes, per 5 minutes. A national mail-out peaks at a few hundred
 * requests a second, so these fire on a pattern (a broken form, a flood, a slow dependency) and
 * not on a handful of mistyped links.
 */
export const RESPONDENT_THRESHOLDS = {
  /** Submissions refused (422 and friends): people cannot get their answers accepted. */
  submissionsRejected: 50,
  /** 4xx of any kind, including API Gateway's 429 when a route's throttle is exceeded. */
  clientErrors: 500,
  /** p95 latency in milliseconds: the page should feel instant. */
  latencyP95Ms: 2000,
} as const;

/** Says how to give an alarm destination: shown by synth and by a deploy that lacks one. */
export const ALARM_DESTINATION_MESSAGE =
  `Alarms would reach nobody: give -c ${CONTEXT.alarmEmail}=someone@example.nhs.uk, or an AWS Chatbot channel ` +
  `(-c ${CONTEXT.alarmSlackWorkspaceId}=… -c ${CONTEXT.alarmSlackChannelId}=…, or -c ${CONTEXT.alarmTeamsTenantId}=… ` +
  `-c ${CONTEXT.alarmTeamsTeamId}=… -c ${CONTEXT.alarmTeamsChannelId}=…). Throwaway stages may omit it.`;

/**
 * The alarms an operator acts on, all publishing to one SNS topic that mails someone or posts to a
 * chat channel through AWS Chatbot:
 * - failures: the job failed, something reached the dead-letter queue (and each new arrival there),
 *   the API answered with server errors, a function was throttled;
 * - silence: no successful job run in two schedule periods (missing data breaches: a job that stopped
 *   sends nothing);
 * - starvation: surveys skipped or busy in three consecutive runs;
 * - respondents in trouble: rejected submissions, 4xx (incl. 429) and p95 latency on their routes;
 * - money: a monthly AWS Budget, actual and forecast.
 * Event alarms treat missing data as OK: quiet hours are normal.
 *
 * A non-throwaway stage without a destination still synthesises (`npx cdk synth` works with no
 * context), with a warning, but carries a CloudFormation rule that refuses the deployment.
 */
export class PulseAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: PulseAlarmsProps) {
    super(scope, id);
    const { settings } = props;
    const stack = Stack.of(this);
    // Alarm notifications carry no personal data, so the topic needs TLS but no customer key.
    this.topic = new Topic(this, 'Topic', { displayName: 'Alliance Pulse alarms', enforceSSL: true });
    // enforceSSL replaces the topic's default policy, so the services that publish must be named.
    this.allowPublish(
      'cloudwatch.amazonaws.com',
      `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
    );
    this.allowPublish('budgets.amazonaws.com', `arn:${stack.partition}:budgets::${stack.account}:*`);
    this.addDestinations(settings);

    this.add('JobErrors', 'The scheduled job failed', props.job.metricErrors({ period: FIVE_MINUTES }), 1);
    this.add(
      'DeadLetters',
      'Messages are waiting in the dead-letter queue: a job run or schedule delivery failed for good',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: 'Maximum',
      }),
      1,
    );
    // Depth stays in ALARM while old messages wait; arrivals fire again for each new one. Messages
    // sent by Lambda and Scheduler count as sent; SQS's own redrive (the fan-out's work queue) does
    // not, so a rise in depth counts too.
    this.add(
      'NewDeadLetters',
      'A new message reached the dead-letter queue (a further failure, even if older ones are still waiting)',
      new MathExpression({
        expression: 'sent + IF(DIFF(depth) > 0, DIFF(depth), 0)',
        usingMetrics: {
          sent: props.deadLetterQueue.metricNumberOfMessagesSent({ period: FIVE_MINUTES, statistic: 'Sum' }),
          depth: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            period: FIVE_MINUTES,
            statistic: 'Maximum',
          }),
        },
        period: FIVE_MINUTES,
        label: 'New dead letters',
      }),
      1,
    );
    this.add(
      'SurveysFailed',
      "A survey's aggregation failed (in the job, or in the fan-out's worker, which retries it)",
      jobMetric('SurveysFailed', FIVE_MINUTES),
      1,
    );
    this.add(
      'PublishedWavesUnsafe',
      'The disclosure audit, run again under its current rules, found a published wave whose hidden cells can be narrowed down: see docs/operations.md',
      jobMetric('PublishedWavesUnsafe', FIVE_MINUTES),
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
    this.addJobAlarms(settings.scheduleMinutes);
    this.addRespondentAlarms(props);
    this.addBudget(settings);

    if (!settings.throwaway && !hasAlarmDestination(settings)) {
      Annotations.of(stack).addWarningV2('@alliance-pulse/alarm-destination', ALARM_DESTINATION_MESSAGE);
      // Evaluated by CloudFormation before any change: the deployment stops with this message.
      new CfnRule(stack, 'AlarmDestinationRequired', {
        assertions: [
          {
            assert: Fn.conditionEquals('no-destination', 'destination'),
            assertDescription: ALARM_DESTINATION_MESSAGE,
          },
        ],
      });
    }
  }

  private allowPublish(service: string, sourceArn: string): void {
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: `Allow${service.split('.')[0]}`,
        principals: [new ServicePrincipal(service)],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': sourceArn },
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    );
  }

  private addDestinations(settings: StageSettings): void {
    if (settings.alarmEmail) this.topic.addSubscription(new EmailSubscription(settings.alarmEmail));
    const { slack, teams } = settings.alarmChat;
    const name = `alliance-pulse-${settings.stage}`;
    if (slack) {
      new SlackChannelConfiguration(this, 'Slack', {
        slackChannelConfigurationName: name,
        slackWorkspaceId: slack.workspaceId,
        slackChannelId: slack.channelId,
        notificationTopics: [this.topic],
        // Chatbot only relays notifications; its guardrail keeps channel members from running commands.
        guardrailPolicies: [ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
      });
    }
    if (teams) {
      const role = new Role(this, 'TeamsRole', {
        assumedBy: new ServicePrincipal('chatbot.amazonaws.com'),
        description: 'AWS Chatbot: relay Alliance Pulse alarms to Microsoft Teams (no permissions)',
      });
      new CfnMicrosoftTeamsChannelConfiguration(this, 'Teams', {
        configurationName: name,
        teamsTenantId: teams.tenantId,
        teamId: teams.teamId,
        // Teams shows the id decoded (19:…@thread.tacv2); Chatbot wants it URL-encoded.
        teamsChannelId: teams.channelId.includes('%') ? teams.channelId : encodeURIComponent(teams.channelId),
        iamRoleArn: role.roleArn,
        snsTopicArns: [this.topic.topicArn],
        guardrailPolicies: [ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess').managedPolicyArn],
      });
    }
  }

  /** Silence and starvation of the scheduled job, measured in schedule periods. */
  private addJobAlarms(scheduleMinutes: number): void {
    // CloudWatch allows at most one day of periods per alarm, so long schedules are capped there.
    const heartbeat = new Alarm(this, 'JobHeartbeat', {
      alarmDescription: `No successful job run in two schedule periods (${2 * scheduleMinutes} minutes): waves are not opening, closing or publishing`,
      metric: jobMetric('JobSucceeded', Duration.minutes(Math.min(2 * scheduleMinutes, 1440))),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
    });
    this.notify(heartbeat);

    const period = Duration.minutes(Math.min(scheduleMinutes, 480));
    const starved = new Alarm(this, 'SurveysStarved', {
      alarmDescription:
        'Surveys were skipped (out of time) or busy (lease held) in three consecutive runs: some surveys are not being published',
      metric: new MathExpression({
        expression: 'skipped + busy',
        usingMetrics: {
          skipped: jobMetric('SurveysSkipped', period),
          busy: jobMetric('SurveysBusy', period),
        },
        period,
        label: 'Surveys skipped or busy',
      }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means no run: the heartbeat alarm covers that.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.notify(starved);
  }

  private addRespondentAlarms(props: PulseAlarmsProps): void {
    this.add(
      'SubmissionsRejected',
      'Many submissions were refused: check the form, the survey definition or a flood of bad requests',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'SubmissionsRejected',
        dimensionsMap: { service: 'respondent' },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      }),
      RESPONDENT_THRESHOLDS.submissionsRejected,
    );
    const routeMetric = (metricName: string, route: { method: string; path: string }, statistic: string) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: {
          ApiId: props.api.apiId,
          Stage: '$default',
          Method: route.method,
          Resource: route.path,
        },
        statistic,
        period: FIVE_MINUTES,
      });
    const byRoute = Object.fromEntries(props.respondentRoutes.map((route, i) => [`r${i}`, route] as const));
    this.add(
      'Respondent4xx',
      'Respondent routes answered with many 4xx (429 included: a route throttle was reached)',
      new MathExpression({
        expression: Object.keys(byRoute).join(' + '),
        usingMetrics: Object.fromEntries(
          Object.entries(byRoute).map(([key, route]) => [key, routeMetric('4xx', route, 'Sum')]),
        ),
        period: FIVE_MINUTES,
        label: 'Respondent 4xx',
      }),
      RESPONDENT_THRESHOLDS.clientErrors,
    );
    this.add(
      'RespondentLatency',
      `A respondent route's p95 latency exceeded ${RESPONDENT_THRESHOLDS.latencyP95Ms} ms`,
      new MathExpression({
        expression: `MAX([${Object.keys(byRoute).join(', ')}])`,
        usingMetrics: Object.fromEntries(
          Object.entries(byRoute).map(([key, route]) => [key, routeMetric('Latency', route, 'p95')]),
        ),
        period: FIVE_MINUTES,
        label: 'Slowest respondent route, p95',
      }),
      RESPONDENT_THRESHOLDS.latencyP95Ms,
      3,
    );
  }

  /** Monthly cost: mails at 80% of actual spend and when the forecast passes 100%. */
  private addBudget(settings: StageSettings): void {
    const subscribers = [{ subscriptionType: 'SNS', address: this.topic.topicArn }];
    new CfnBudget(this, 'Budget', {
      budget: {
        budgetName: `alliance-pulse-${settings.stage}`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: settings.monthlyBudgetUsd, unit: 'USD' },
      },
      notificationsWithSubscribers: [
        {
          notification: {
            notificationType: 'ACTUAL',
            comparisonOperator: 'GREATER_THAN',
            threshold: 80,
            thresholdType: 'PERCENTAGE',
          },
          subscribers,
        },
        {
          notification: {
            notificationType: 'FORECASTED',
            comparisonOperator: 'GREATER_THAN',
            threshold: 100,
            thresholdType: 'PERCENTAGE',
          },
          subscribers,
        },
      ],
    });
  }

  private add(id: string, description: string, metric: IMetric, threshold: number, periods = 1): void {
    this.notify(
      new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  private notify(alarm: Alarm): void {
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

/** A metric the job (or its worker) counts, under the job's service name. */
const jobMetric = (metricName: string, period: Duration) =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: 'aggregate' },
    statistic: 'Sum',
    period,
  });

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
