import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTION_ROUTES } from '../../functions/routes.js';
import { parseRouteKey } from '../../infra/aws/pulse-api.js';
import { functionLogicalId, synthStack } from './synth.js';

const { template } = synthStack();
const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
const routeTable = Object.entries(FUNCTION_ROUTES).flatMap(([name, keys]) =>
  keys.map((key) => ({ name, key })),
);

/** The function a route's integration invokes. */
const targetOf = (route: (typeof routes)[number]): string => {
  const target = route.Properties.Target['Fn::Join'][1][1].Ref as string;
  return JSON.stringify(integrations[target]?.Properties.IntegrationUri);
};

describe('routes', () => {
  it('are exactly the route table, each integrated with the function that serves it', () => {
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(routeTable.map((r) => r.key).sort());
    for (const { name, key } of routeTable) {
      const route = routes.find((r) => r.Properties.RouteKey === key);
      expect(targetOf(route as (typeof routes)[number]), key).toContain(functionLogicalId(template, name));
    }
  });

  it('require the Cognito JWT authorizer on every /admin route', () => {
    const admin = routes.filter((r) => r.Properties.RouteKey.split(' ')[1].startsWith('/admin'));
    expect(admin.length).toBe(FUNCTION_ROUTES.admin.length);
    for (const route of admin) {
      expect(route.Properties.AuthorizationType, route.Properties.RouteKey).toBe('JWT');
      expect(route.Properties.AuthorizerId).toBeDefined();
    }
    const clientId = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'))[0];
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: clientId }], Issuer: Match.anyValue() },
    });
  });

  it('have no authorizer anywhere else (the respondent token is the capability; the console checks its own session)', () => {
    const open = routes.filter((r) => !r.Properties.RouteKey.split(' ')[1].startsWith('/admin'));
    expect(open.length).toBe(
      FUNCTION_ROUTES.respondent.length + FUNCTION_ROUTES.public.length + FUNCTION_ROUTES.console.length,
    );
    for (const route of open) {
      expect(route.Properties.AuthorizationType, route.Properties.RouteKey).toBe('NONE');
      expect(route.Properties.AuthorizerId).toBeUndefined();
    }
  });

  it('reject a malformed route key', () => {
    expect(() => parseRouteKey('/s/{token}')).toThrow();
    expect(() => parseRouteKey('FETCH /s')).toThrow();
    expect(parseRouteKey('PATCH /admin/x/{w}')).toEqual({ method: 'PATCH', path: '/admin/x/{w}' });
  });
});

describe('the stage', () => {
  const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));

  it('logs route keys, never paths, query strings or source addresses', () => {
    const format = stage?.Properties.AccessLogSettings.Format as string;
    expect(format).toContain('$context.routeKey');
    for (const leaky of [
      '$context.path',
      '$context.resourcePath',
      '$context.identity.sourceIp',
      'queryString',
    ]) {
      expect(format).not.toContain(leaky);
    }
    expect(() => JSON.parse(format)).not.toThrow();
  });

  it('is throttled and deploys automatically', () => {
    expect(stage?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
  });

  it('gives every respondent route its own throttle, sized for a mail-out, and per-route metrics', () => {
    const settings = stage?.Properties.RouteSettings as Record<string, Record<string, unknown>>;
    expect(Object.keys(settings).sort()).toEqual([
      'GET /api/s/{token}',
      'GET /s/{token}',
      'GET /s/{token}/thanks',
      'POST /s/{token}',
      'PUT /api/s/{token}/response',
    ]);
    for (const route of Object.values(settings)) {
      expect(route).toEqual({
        ThrottlingRateLimit: 500,
        ThrottlingBurstLimit: 1000,
        DetailedMetricsEnabled: true,
      });
    }
    const custom = synthStack({ respondentRateLimit: '800', respondentBurstLimit: '1600' }).template;
    custom.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      RouteSettings: Match.objectLike({
        'GET /s/{token}': {
          ThrottlingRateLimit: 800,
          ThrottlingBurstLimit: 1600,
          DetailedMetricsEnabled: true,
        },
      }),
    });
  });

  it('takes throttling limits from context', () => {
    const custom = synthStack({ apiRateLimit: '20', apiBurstLimit: '40' }).template;
    custom.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });
});

describe('support-team sign-in', () => {
  it('allows no self sign-up, offers TOTP and demands strong passwords', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
  });

  it('requires MFA when the context says so', () => {
    synthStack({ requireMfa: 'true' }).template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
    });
  });

  it('has the support-team group and a public client without OAuth', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'support-team' });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: false });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'admin', PULSE_ADMIN_GROUP: 'support-team' } },
    });
  });
});
