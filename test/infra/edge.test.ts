import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { MANAGED_RULE_GROUPS, RespondentFirewall } from '../../infra/aws/respondent-firewall.js';
import { readSettings } from '../../infra/aws/settings.js';
import { synthStack } from './synth.js';

const MAIL = { alarmEmail: 'pulse-ops@example.nhs.uk' };
const WEB_ACL = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/alliance-pulse-prod/0a1b2c';
const DOMAIN = {
  domainName: 'pulse.example.nhs.uk',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b-2c3d',
};
/** AWS's managed policies, by their fixed ids. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

const { template } = synthStack({ ...MAIL, webAclArn: WEB_ACL });
const distribution = () => {
  const [d] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
  return d?.Properties.DistributionConfig;
};

describe('CloudFront in front of the API', () => {
  it('forwards everything but Host to the API over TLS 1.2 and caches nothing dynamic', () => {
    const config = distribution();
    expect(config.DefaultCacheBehavior).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    });
    expect(config.Origins).toHaveLength(1);
    expect(config.Origins[0].CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    expect(JSON.stringify(config.Origins[0].DomainName)).toMatch(/HttpApi.*ApiEndpoint/);
  });

  it('caches only the public static assets', () => {
    expect(distribution().CacheBehaviors).toEqual([
      expect.objectContaining({ PathPattern: '/assets/*', CachePolicyId: CACHING_OPTIMIZED }),
    ]);
  });

  it('attaches the web ACL given by context', () => {
    expect(distribution().WebACLId).toBe(WEB_ACL);
  });

  it('builds survey links from the public origin, never the API host', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'admin',
          PULSE_PUBLIC_BASE_URL: {
            'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('Edge'), 'DomainName'] }]],
          },
        }),
      },
    });
    const outputs = template.toJSON().Outputs;
    expect(JSON.stringify(outputs.ApiUrl.Value)).toMatch(/Edge.*DomainName/);
  });

  it('answers on a custom domain with TLS 1.2+, with a DNS alias when the zone is given', () => {
    const custom = synthStack({
      ...MAIL,
      ...DOMAIN,
      hostedZoneId: 'Z0123456789',
      hostedZoneName: 'example.nhs.uk',
    });
    custom.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['pulse.example.nhs.uk'],
        ViewerCertificate: {
          AcmCertificateArn: DOMAIN.certificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
    custom.template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'pulse.example.nhs.uk.',
      Type: 'A',
      HostedZoneId: 'Z0123456789',
    });
    custom.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ PULSE_PUBLIC_BASE_URL: 'https://pulse.example.nhs.uk' }),
      },
    });
    expect(() =>
      synthStack({
        ...MAIL,
        ...DOMAIN,
        certificateArn: DOMAIN.certificateArn.replace('us-east-1', 'eu-west-2'),
      }),
    ).toThrow(/us-east-1/);
  });

  it('warns when no web ACL is attached', () => {
    const bare = synthStack(MAIL);
    const warnings = bare.stack.node.metadata
      .filter((m) => m.type === 'aws:cdk:warning')
      .map((m) => String(m.data));
    expect(warnings.some((w) => w.includes('-c webAclArn='))).toBe(true);
  });
});

describe('the WAF stack (us-east-1)', () => {
  const build = (context: Record<string, unknown> = {}) => {
    const app = new App({ context });
    const stack = new RespondentFirewall(app, 'AlliancePulse-prod-waf', {
      settings: readSettings(app.node),
      env: { region: 'us-east-1' },
    });
    return { stack, template: Template.fromStack(stack) };
  };
  const { stack, template: waf } = build();
  const acl = () => Object.values(waf.findResources('AWS::WAFv2::WebACL'))[0]?.Properties;

  it('lives in us-east-1 with CLOUDFRONT scope', () => {
    expect(stack.region).toBe('us-east-1');
    expect(acl().Scope).toBe('CLOUDFRONT');
    expect(acl().DefaultAction).toEqual({ Allow: {} });
    expect(waf.toJSON().Outputs.WebAclArn.Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^WebAcl/), 'Arn'],
    });
  });

  it('limits each IP address on the respondent paths first, answering 429', () => {
    const [rate] = acl().Rules;
    expect(rate).toMatchObject({
      Name: 'RespondentRatePerIp',
      Priority: 0,
      Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
      Statement: { RateBasedStatement: { Limit: 1500, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
    });
    const prefixes = rate.Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements.map(
      (s: { ByteMatchStatement: { SearchString: string; PositionalConstraint: string } }) =>
        `${s.ByteMatchStatement.PositionalConstraint} ${s.ByteMatchStatement.SearchString}`,
    );
    expect(prefixes).toEqual(['STARTS_WITH /s/', 'STARTS_WITH /api/s/']);
    const custom = build({ wafRateLimitPerIp: '5000' }).template;
    custom.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 5000 }) } }),
      ]),
    });
  });

  it('then runs the AWS managed rule groups', () => {
    const groups = acl()
      .Rules.slice(1)
      .map(
        (r: { Statement: { ManagedRuleGroupStatement: { VendorName: string; Name: string } } }) =>
          r.Statement.ManagedRuleGroupStatement,
      );
    expect(groups).toEqual(MANAGED_RULE_GROUPS.map((Name) => ({ VendorName: 'AWS', Name })));
  });

  it('logs with the URI path (it holds tokens) redacted, and samples no requests', () => {
    waf.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', { RedactedFields: [{ UriPath: {} }] });
    waf.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-alliance-pulse-prod' });
    for (const rule of acl().Rules) expect(rule.VisibilityConfig.SampledRequestsEnabled).toBe(false);
  });

  it('passes cdk-nag', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});
