import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ALARM_DESTINATION_MESSAGE, RESPONDENT_THRESHOLDS } from '../../infra/aws/pulse-alarms.js';
import { synthStack, THROWAWAY } from './synth.js';

const MAIL = { alarmEmail: 'pulse-ops@example.nhs.uk' };
const { template } = synthStack(MAIL);
const alarms = template.findResources('AWS::CloudWatch::Alarm');
const alarmNamed = (id: string) => {
  const found = Object.entries(alarms).filter(([logicalId]) => logicalId.startsWith(`Alarms${id}`));
  if (found.length !== 1) throw new Error(`Expected one alarm ${id}, found ${found.length}`);
  return (found[0] as [string, { Properties: Record<string, unknown> }])[1].Properties;
};
const metricsOf = (alarm: Record<string, unknown>) =>
  (alarm.Metrics as {
    Id: string;
    Expression?: string;
    MetricStat?: { Metric: Record<string, unknown>; Stat: string };
  }[]) ?? [];

describe('the alarm topic', () => {
  const statements = () =>
    Object.values(template.findResources('AWS::SNS::TopicPolicy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );

  it('lets CloudWatch alarms and AWS Budgets of this account publish, and still refuses plain HTTP', () => {
    for (const service of ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com']) {
      expect(statements()).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: service },
          Action: 'sns:Publish',
          Condition: expect.objectContaining({
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': expect.anything() },
          }),
        }),
      );
    }
    expect(statements()).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('every alarm notifies it', () => {
    for (const alarm of Object.values(alarms)) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });
});

describe('an alarm destination', () => {
  it('is required outside throwaway stages: synth warns and CloudFormation refuses the deployment', () => {
    const bare = synthStack();
    const rules = bare.template.toJSON().Rules as Record<
      string,
      { Assertions: { AssertDescription: string }[] }
    >;
    expect(rules.AlarmDestinationRequired?.Assertions[0]?.AssertDescription).toBe(ALARM_DESTINATION_MESSAGE);
    expect(ALARM_DESTINATION_MESSAGE).toMatch(/-c alarmEmail=/);
    const warnings = bare.stack.node.metadata
      .filter((m) => m.type === 'aws:cdk:warning')
      .map((m) => String(m.data));
    expect(warnings.some((w) => w.includes('Alarms would reach nobody'))).toBe(true);

    for (const context of [MAIL, THROWAWAY]) {
      expect(synthStack(context).template.toJSON().Rules?.AlarmDestinationRequired).toBeUndefined();
    }
  });

  it('can be an e-mail address', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: MAIL.alarmEmail,
    });
  });

  it('can be a Slack or Microsoft Teams channel through AWS Chatbot', () => {
    const chat = synthStack({
      alarmSlackWorkspaceId: 'T0123ABCD',
      alarmSlackChannelId: 'C0123ABCD',
      alarmTeamsTenantId: '11111111-2222-3333-4444-555555555555',
      alarmTeamsTeamId: '66666666-7777-8888-9999-000000000000',
      alarmTeamsChannelId: '19:abc123@thread.tacv2',
    }).template;
    expect(chat.toJSON().Rules?.AlarmDestinationRequired).toBeUndefined();
    chat.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0123ABCD',
      SnsTopicArns: [Match.anyValue()],
    });
    chat.hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      TeamsChannelId: '19%3Aabc123%40thread.tacv2',
      SnsTopicArns: [Match.anyValue()],
    });
  });
});

describe('alarms', () => {
  it('job heartbeat: no successful run in two schedule periods, and silence breaches', () => {
    const heartbeat = alarmNamed('JobHeartbeat');
    expect(heartbeat).toMatchObject({
      Namespace: 'AlliancePulse',
      MetricName: 'JobSucceeded',
      Dimensions: [{ Name: 'service', Value: 'aggregate' }],
      Statistic: 'Sum',
      Period: 2 * 60 * 60,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
    const every15 = synthStack({ ...MAIL, scheduleMinutes: '15' }).template;
    every15.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'JobSucceeded', Period: 30 * 60 });
  });

  it('surveys skipped or busy in three consecutive runs', () => {
    const starved = alarmNamed('SurveysStarved');
    expect(starved).toMatchObject({
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
    const names = metricsOf(starved).map((m) => m.MetricStat?.Metric.MetricName);
    expect(names).toEqual(expect.arrayContaining(['SurveysSkipped', 'SurveysBusy']));
    for (const m of metricsOf(starved).filter((m) => m.MetricStat))
      expect(m.MetricStat?.Metric).toMatchObject({ Namespace: 'AlliancePulse' });
  });

  it('rejected submissions', () => {
    expect(alarmNamed('SubmissionsRejected')).toMatchObject({
      MetricName: 'SubmissionsRejected',
      Dimensions: [{ Name: 'service', Value: 'respondent' }],
      Threshold: RESPONDENT_THRESHOLDS.submissionsRejected,
      TreatMissingData: 'notBreaching',
    });
  });

  it('4xx (429 included) and p95 latency summed or maxed over every respondent route', () => {
    const respondentPaths = ['/s/{token}', '/s/{token}/thanks', '/api/s/{token}', '/api/s/{token}/response'];
    for (const [id, metricName, stat] of [
      ['Respondent4xx', '4xx', 'Sum'],
      ['RespondentLatency', 'Latency', 'p95'],
    ] as const) {
      const alarm = alarmNamed(id);
      expect(alarm.TreatMissingData).toBe('notBreaching');
      const stats = metricsOf(alarm).filter((m) => m.MetricStat);
      expect(stats).toHaveLength(5);
      for (const m of stats) {
        expect(m.MetricStat).toMatchObject({
          Metric: { Namespace: 'AWS/ApiGateway', MetricName: metricName },
          Stat: stat,
        });
      }
      const resources = stats.map(
        (m) =>
          ((m.MetricStat?.Metric.Dimensions ?? []) as { Name: string; Value: unknown }[]).find(
            (d) => d.Name === 'Resource',
          )?.Value,
      );
      expect(new Set(resources)).toEqual(new Set(respondentPaths));
    }
    expect(alarmNamed('RespondentLatency').Threshold).toBe(RESPONDENT_THRESHOLDS.latencyP95Ms);
  });

  it('new dead letters by arrival rate, besides the depth alarm', () => {
    const arrivals = alarmNamed('NewDeadLetters');
    expect(arrivals).toMatchObject({ Threshold: 1, TreatMissingData: 'notBreaching' });
    const stats = Object.fromEntries(
      metricsOf(arrivals)
        .filter((m) => m.MetricStat)
        .map((m) => [
          m.Id,
          `${m.MetricStat?.Metric.Namespace}/${m.MetricStat?.Metric.MetricName} ${m.MetricStat?.Stat}`,
        ]),
    );
    expect(stats).toEqual({
      sent: 'AWS/SQS/NumberOfMessagesSent Sum',
      depth: 'AWS/SQS/ApproximateNumberOfMessagesVisible Maximum',
    });
    // Redrive from the work queue is not "sent": a rise in depth counts as arrivals too.
    expect(metricsOf(arrivals).find((m) => m.Expression)?.Expression).toBe(
      'sent + IF(DIFF(depth) > 0, DIFF(depth), 0)',
    );
    expect(alarmNamed('DeadLetters').MetricName).toBe('ApproximateNumberOfMessagesVisible');
  });
});

describe('failed surveys', () => {
  it('alarm on the first failure, in the job or the fan-out worker', () => {
    expect(alarmNamed('SurveysFailed')).toMatchObject({
      Namespace: 'AlliancePulse',
      MetricName: 'SurveysFailed',
      Dimensions: [{ Name: 'service', Value: 'aggregate' }],
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });
});

describe('published waves the disclosure audit finds unsafe', () => {
  it('alarm on the first one, from the job or the fan-out worker', () => {
    expect(alarmNamed('PublishedWavesUnsafe')).toMatchObject({
      Namespace: 'AlliancePulse',
      MetricName: 'PublishedWavesUnsafe',
      Dimensions: [{ Name: 'service', Value: 'aggregate' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarmNamed('PublishedWavesUnsafe').AlarmActions).toHaveLength(1);
  });
});

describe('the monthly budget', () => {
  it('notifies the alarm topic at 80% of actual and 100% of forecast spend', () => {
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 50, Unit: 'USD' } },
      NotificationsWithSubscribers: [
        {
          Notification: { NotificationType: 'ACTUAL', Threshold: 80, ThresholdType: 'PERCENTAGE' },
          Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: Match.stringLikeRegexp('AlarmsTopic') } }],
        },
        {
          Notification: { NotificationType: 'FORECASTED', Threshold: 100 },
          Subscribers: [{ SubscriptionType: 'SNS', Address: Match.anyValue() }],
        },
      ],
    });
    synthStack({ ...MAIL, monthlyBudgetUsd: '200' }).template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetLimit: { Amount: 200 } },
    });
  });
});
