import { ArnFormat, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { removalPolicyOf, type StageSettings } from './settings.js';

/** The paths respondents use; the per-IP rate rule counts only these. */
export const RESPONDENT_PATH_PREFIXES = ['/s/', '/api/s/'] as const;

/** AWS managed rule groups, in evaluation order after the rate rule. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

export interface RespondentFirewallProps extends StackProps {
  settings: StageSettings;
}

/**
 * The WAF web ACL in front of CloudFront. WAF's CLOUDFRONT scope exists only in us-east-1, so this is
 * a stack of its own (`AlliancePulse-{stage}-waf`) that the app pins there; the main stack, in any
 * region, attaches it by ARN (`-c webAclArn=…`, from this stack's `WebAclArn` output). Cross-region
 * references would need a fixed region in the main stack too, and `cdk synth` must stay offline.
 *
 * Rules: a per-IP rate limit on respondent paths (a flood from one address cannot use up the
 * route throttles that everyone shares), then AWS's IP reputation, common and known-bad-input rule
 * groups. Logs go to CloudWatch with the URI path redacted, because the path holds the token.
 */
export class RespondentFirewall extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: RespondentFirewallProps) {
    super(scope, id, props);
    const { settings } = props;
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: false,
    });
    const respondentPaths: CfnWebACL.StatementProperty = {
      orStatement: {
        statements: RESPONDENT_PATH_PREFIXES.map((prefix) => ({
          byteMatchStatement: {
            fieldToMatch: { uriPath: {} },
            positionalConstraint: 'STARTS_WITH',
            searchString: prefix,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        })),
      },
    };
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `alliance-pulse-${settings.stage}`,
      description: 'Alliance Pulse: per-IP rate limit on respondent routes and AWS managed rules',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      // Sampled requests would show full URIs (tokens) in the console: off everywhere.
      visibilityConfig: visibility('AlliancePulse'),
      customResponseBodies: {
        tooMany: {
          contentType: 'TEXT_PLAIN',
          content: 'Too many requests from your network. Please wait a few minutes and try your link again.',
        },
      },
      rules: [
        {
          name: 'RespondentRatePerIp',
          priority: 0,
          action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'tooMany' } } },
          statement: {
            rateBasedStatement: {
              limit: settings.wafRateLimitPerIp,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: respondentPaths,
            },
          },
          visibilityConfig: visibility('RespondentRatePerIp'),
        },
        ...MANAGED_RULE_GROUPS.map((name, i) => ({
          name,
          priority: i + 1,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
          visibilityConfig: visibility(name),
        })),
      ],
    });

    new CfnOutput(this, 'WebAclArn', {
      value: this.webAcl.attrArn,
      description: `Pass to the main stack: -c webAclArn=…`,
    });

    // WAF requires the log group's name to start with aws-waf-logs-.
    const logs = new LogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-alliance-pulse-${settings.stage}`,
      retention: settings.logRetentionDays,
      removalPolicy: removalPolicyOf(settings),
    });
    new CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        this.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logs.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [{ uriPath: {} }],
    });
  }
}
