import { Annotations, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { ARecord, HostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { CloudFrontTarget } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { CONTEXT, type StageSettings } from './settings.js';

export interface PublicEdgeProps {
  settings: StageSettings;
  api: HttpApi;
}

/**
 * CloudFront in front of the HTTP API: the one origin respondents and the support team use, so links
 * survive the API being recreated and the WAF web ACL can filter traffic (HTTP APIs cannot attach
 * WAF themselves). Nothing dynamic is cached: respondent and admin responses pass through with
 * CachingDisabled and every viewer header (but Host), cookie and query string, so the edit cookie and
 * `X-Pulse-Edit-Key` reach the functions. Only `/assets/*` (public CSS and fonts) is cached.
 *
 * With `-c domainName=… -c certificateArn=…` (an ACM certificate in us-east-1) it answers on that name
 * with TLS 1.2+, and with `-c hostedZoneId=… -c hostedZoneName=…` also creates the DNS alias.
 */
export class PublicEdge extends Construct {
  readonly distribution: Distribution;
  /** `https://host` with no trailing slash: the origin survey links are built from. */
  readonly publicOrigin: string;

  constructor(scope: Construct, id: string, props: PublicEdgeProps) {
    super(scope, id);
    const { settings } = props;
    const domain = settings.customDomain;
    // `https://{id}.execute-api.{region}.amazonaws.com/` → its host.
    const apiHost = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    const origin = new HttpOrigin(apiHost, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      // API Gateway's integration limit; the admin function may run the job for up to 29 s.
      readTimeout: Duration.seconds(30),
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Alliance Pulse (${settings.stage})`,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
      },
      additionalBehaviors: {
        '/assets/*': {
          origin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          compress: true,
        },
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Respondents are in the UK: Europe and North America edges are enough, and cheapest.
      priceClass: PriceClass.PRICE_CLASS_100,
      webAclId: settings.webAclArn,
      ...(domain
        ? {
            domainNames: [domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.publicOrigin = `https://${domain ? domain.domainName : this.distribution.distributionDomainName}`;

    if (domain?.hostedZone) {
      new ARecord(this, 'Alias', {
        zone: HostedZone.fromHostedZoneAttributes(this, 'Zone', {
          hostedZoneId: domain.hostedZone.id,
          zoneName: domain.hostedZone.name,
        }),
        recordName: domain.domainName,
        target: RecordTarget.fromAlias(new CloudFrontTarget(this.distribution)),
      });
    }

    if (!settings.webAclArn && !settings.throwaway) {
      Annotations.of(Stack.of(this)).addWarningV2(
        '@alliance-pulse/web-acl',
        `No WAF web ACL: deploy AlliancePulse-${settings.stage}-waf (us-east-1) first and pass its WebAclArn output with -c ${CONTEXT.webAclArn}=…`,
      );
    }
    this.acknowledge(settings);
  }

  private acknowledge(settings: StageSettings): void {
    const ack = (id: string, reason: string) => Validations.of(this.distribution).acknowledge({ id, reason });
    ack(
      'AwsSolutions-CFR3',
      'CloudFront access logs record every URI, and survey URIs hold the respondent token (the capability to answer); the API access log records route keys instead.',
    );
    ack(
      'AwsSolutions-CFR1',
      'No geo restriction: NHS staff answer from anywhere, including abroad; the WAF rate and reputation rules limit abuse instead.',
    );
    if (!settings.webAclArn) {
      ack(
        'AwsSolutions-CFR2',
        'The web ACL lives in us-east-1 (CloudFront scope) in the AlliancePulse-{stage}-waf stack and is attached by ARN with -c webAclArn; synth warns when it is missing.',
      );
    }
    if (!settings.customDomain) {
      ack(
        'AwsSolutions-CFR4',
        'The default *.cloudfront.net certificate cannot pin a minimum TLS version; with -c domainName and certificateArn the distribution requires TLS 1.2 (TLSv1.2_2021).',
      );
    }
  }
}
