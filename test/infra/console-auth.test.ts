import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { ConsoleDeps } from '../../functions/console/auth.js';
import type { SignInProvider } from '../../functions/console/cognito.js';
import { signInRoutes } from '../../functions/console/sign-in.js';
import { httpEvent } from '../support/events.js';
import { functionLogicalId, synthStack } from './synth.js';

/** The console's sign-in on AWS: Cognito managed login with the authorization code flow and PKCE. */
describe('the console sign-in', () => {
  const { template } = synthStack();
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
  const clients = Object.values(resources).filter((r) => r.Type === 'AWS::Cognito::UserPoolClient');
  const consoleClient = clients.find((c) => c.Properties.AllowedOAuthFlows !== undefined);

  it('has its own public app client: code flow only, no secret, no password flows', () => {
    expect(clients).toHaveLength(2);
    expect(consoleClient?.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: expect.arrayContaining(['openid', 'email']),
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect(consoleClient?.Properties.ExplicitAuthFlows ?? []).not.toContain('ALLOW_USER_PASSWORD_AUTH');
  });

  it('derives the callback and sign-out URLs from the public origin (CloudFront)', () => {
    const at = (suffix: string) => ({
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('Distribution'), 'DomainName'] }, suffix],
      ],
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [at('/console/callback')],
      LogoutURLs: [at('/console/sign-in?signedOut')],
    });
  });

  it('uses the custom domain when there is one', () => {
    const custom = synthStack({
      domainName: 'pulse.example.nhs.uk',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b-2c3d',
    }).template;
    custom.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://pulse.example.nhs.uk/console/callback'],
      LogoutURLs: ['https://pulse.example.nhs.uk/console/sign-in?signedOut'],
    });
  });

  it('registers exactly the URLs the console sends to Cognito (it redirects only to a listed one)', async () => {
    const origin = 'https://pulse.example.nhs.uk';
    const custom = synthStack({
      domainName: 'pulse.example.nhs.uk',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b-2c3d',
    }).template;
    const [client] = Object.values(
      custom.findResources('AWS::Cognito::UserPoolClient', { Properties: { LogoutURLs: Match.anyValue() } }),
    );
    const sent: { callback?: string; signedOut?: string } = {};
    const signIn: SignInProvider = {
      start: async (redirectUri: string) => {
        sent.callback = redirectUri;
        return {
          url: 'https://sign-in.example/oauth2/authorize',
          state: { nonce: 'n', verifier: 'v', state: 's' },
        };
      },
      finish: async () => {
        throw new Error('not reached');
      },
      signOutUrl: (returnTo: string) => {
        sent.signedOut = returnTo;
        return 'https://sign-in.example/logout';
      },
    };
    const deps = {
      app: { now: () => new Date('2026-01-01T00:00:00Z') },
      keys: { openSession: () => undefined, sealState: () => 'sealed' },
      config: { mode: 'aws', consoleUrl: origin },
      signIn,
    } as unknown as ConsoleDeps;

    await signInRoutes['GET /console/sign-in']?.(
      deps,
      httpEvent('GET /console/sign-in', { queryStringParameters: { go: '1' } }),
    );
    await signInRoutes['POST /console/sign-out']?.(deps, httpEvent('POST /console/sign-out'));

    expect(client?.Properties.CallbackURLs).toEqual([sent.callback]);
    expect(client?.Properties.LogoutURLs).toEqual([sent.signedOut]);
  });

  it('creates the managed-login domain (version 2) with a style, named per stage and account', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      ManagedLoginVersion: 2,
      Domain: { 'Fn::Join': ['', ['alliance-pulse-prod-', { Ref: 'AWS::AccountId' }]] },
    });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { UseCognitoProvidedValues: true });
    synthStack({ signInDomainPrefix: 'riverside-pulse' }).template.hasResourceProperties(
      'AWS::Cognito::UserPoolDomain',
      { Domain: 'riverside-pulse' },
    );
    expect(() => synthStack({ signInDomainPrefix: 'my-cognito-login' })).toThrow(/without "aws"/);
  });

  it('tells the console function the user pool, its client and the sign-in domain', () => {
    const fn = resources[functionLogicalId(template, 'console')];
    expect(fn?.Properties.Environment.Variables).toMatchObject({
      PULSE_USER_POOL_ID: { Ref: expect.stringMatching(/UserPool/) },
      PULSE_CONSOLE_CLIENT_ID: { Ref: expect.stringMatching(/ConsoleClient/) },
      PULSE_SIGN_IN_DOMAIN: expect.objectContaining({ 'Fn::Join': expect.any(Array) }),
      PULSE_ADMIN_GROUP: 'support-team',
      PULSE_PUBLIC_BASE_URL: expect.objectContaining({ 'Fn::Join': expect.any(Array) }),
    });
    template.hasOutput('ConsoleUrl', {});
  });

  it('serves the console routes with no API Gateway authorizer: the function checks its own session', () => {
    const routes = Object.values(resources).filter(
      (r) => r.Type === 'AWS::ApiGatewayV2::Route' && String(r.Properties.RouteKey).includes(' /console'),
    );
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
  });
});
