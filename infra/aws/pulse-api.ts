import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTION_ROUTES, type FunctionName } from '../../functions/routes.js';
import { removalPolicyOf, type StageSettings } from './settings.js';

/**
 * What an access log line holds. Route keys (`GET /s/{token}`), never paths: a path carries the
 * respondent's token, which is the capability to answer. No source IP or user agent either: with
 * the time they would point at whoever answered.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  user: '$context.authorizer.claims.sub',
} as const;

export interface PulseApiProps {
  settings: StageSettings;
  functions: Record<FunctionName, IFunction>;
  userPool: UserPool;
  client: UserPoolClient;
}

/** Why a function's routes have no authorizer (cdk-nag APIG4). Admin routes always have one. */
const OPEN_ROUTE_REASONS: Record<FunctionName, string> = {
  respondent:
    'Respondents have no accounts: the 256-bit random token in the path is the capability (stored only as a hash, revocable, never logged).',
  public: 'Serves the OpenAPI document and static assets: public by design, with no data access.',
  admin: 'Never used: every admin route has the JWT authorizer.',
  console:
    'The support console authenticates its own signed, HttpOnly session cookie (from Cognito managed login, code flow with PKCE, ID token verified in the function) and applies the same group rules as /admin; a JWT authorizer cannot read a cookie.',
};

/** The support team's routes. */
const isAdminPath = (path: string): boolean => path === '/admin' || path.startsWith('/admin/');

/**
 * The HTTP API: one route per entry of the shared route table (functions/routes.ts), each integrated
 * with the function that serves it. Every `/admin` route requires a Cognito JWT; respondent and
 * public routes have no authorizer (the respondent's token is the capability). Throttled, with
 * JSON access logs.
 */
export class PulseApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: PulseApiProps) {
    super(scope, id);
    const { settings } = props;
    this.api = new HttpApi(this, 'Api', {
      description: `Alliance Pulse (${settings.stage})`,
      createDefaultStage: false,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: settings.logRetentionDays,
      removalPolicy: removalPolicyOf(settings),
    });
    this.stage = this.api.addStage('DefaultStage', {
      // The stage default applies per route to admin and public routes; respondent routes get their own below.
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: settings.apiRateLimit, burstLimit: settings.apiBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    // A mail-out sends everyone to these routes at once; admin traffic must not share their budget,
    // and their per-route metrics (4xx, latency) feed the respondent alarms.
    const respondentSettings = {
      ThrottlingRateLimit: settings.respondentRateLimit,
      ThrottlingBurstLimit: settings.respondentBurstLimit,
      DetailedMetricsEnabled: true,
    };
    (this.stage.node.defaultChild as CfnStage).addPropertyOverride(
      'RouteSettings',
      Object.fromEntries(
        RESPONDENT_ROUTES.map((route) => [`${route.method} ${route.path}`, respondentSettings]),
      ),
    );

    const authorizer = new HttpUserPoolAuthorizer('SupportTeam', props.userPool, {
      userPoolClients: [props.client],
    });
    for (const [name, routeKeys] of Object.entries(FUNCTION_ROUTES) as [FunctionName, readonly string[]][]) {
      const integration = new HttpLambdaIntegration(`${name}Integration`, props.functions[name]);
      for (const routeKey of routeKeys) {
        const { method, path } = parseRouteKey(routeKey);
        // Fail closed: an admin-function route outside /admin would otherwise be public.
        if (name === 'admin' && !isAdminPath(path)) {
          throw new Error(`Admin route "${routeKey}" must be under /admin to get the authorizer`);
        }
        const routeAuthorizer: IHttpRouteAuthorizer | undefined = isAdminPath(path) ? authorizer : undefined;
        const route = new HttpRoute(this, `Route ${method} ${path.replaceAll('/', '|')}`, {
          httpApi: this.api,
          routeKey: HttpRouteKey.with(path, method),
          integration,
          authorizer: routeAuthorizer,
        });
        if (!routeAuthorizer) {
          Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: OPEN_ROUTE_REASONS[name] });
        }
      }
    }
  }

  /** The API's base URL (the `$default` stage: no stage segment in paths). */
  get url(): string {
    return this.stage.url;
  }
}

/** `'PATCH /admin/x/{id}'` → `{method: PATCH, path: '/admin/x/{id}'}`, rejecting anything else. */
export const parseRouteKey = (routeKey: string): { method: HttpMethod; path: string } => {
  const match = /^([A-Z]+) (\/\S*)$/.exec(routeKey);
  const method = match?.[1] as HttpMethod | undefined;
  if (!match || !method || !Object.values(HttpMethod).includes(method)) {
    throw new Error(`Route key "${routeKey}" is not "METHOD /path"`);
  }
  return { method, path: match[2] as string };
};

/** The routes respondents use, parsed: each gets its own throttle and detailed metrics. */
export const RESPONDENT_ROUTES: readonly { method: HttpMethod; path: string }[] =
  FUNCTION_ROUTES.respondent.map((key) => parseRouteKey(key));
