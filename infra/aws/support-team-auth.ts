import { Duration, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolEmail,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CONSOLE_CALLBACK_PATH, CONSOLE_SIGNED_OUT_PATH } from '../../functions/routes.js';
import { removalPolicyOf, type StageSettings } from './settings.js';

/** The Cognito group whose members may use `/admin`; passed to the admin function as PULSE_ADMIN_GROUP. */
export const SUPPORT_TEAM_GROUP = 'support-team';
/** Members may read the audit trail (`GET /admin/audit`) and nothing else; PULSE_AUDITOR_GROUP. */
export const AUDITOR_GROUP = 'auditor';

/**
 * Sign-in for the alliance support team. Accounts are created by an administrator only (no self
 * sign-up); strong passwords; TOTP MFA available to everyone (required with `-c requireMfa=true`).
 * API Gateway's JWT authorizer checks the token; the admin function checks the group, because the
 * authorizer cannot.
 */
export class SupportTeamAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, settings: StageSettings) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: settings.requireMfa ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      // Cognito's own sender allows 50 e-mails a day and may be quarantined by NHSmail; SES is the fix.
      email: settings.ses
        ? UserPoolEmail.withSES({
            fromEmail: settings.ses.fromEmail,
            fromName: 'Alliance Pulse',
            sesRegion: settings.ses.region,
          })
        : undefined,
      deletionProtection: !settings.throwaway,
      removalPolicy: removalPolicyOf(settings),
    });
    if (!settings.requireMfa) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'MFA (TOTP) is available to every support-team user and can be enforced per stage with -c requireMfa=true; optional by default so the first sign-in works from the AWS CLI.',
      });
    }
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan (threat protection) is billed per active user; accounts are a handful of named, administrator-created support-team members with strong passwords and MFA available.',
    });

    new UserPoolGroup(this, 'SupportTeam', {
      userPool: this.userPool,
      groupName: SUPPORT_TEAM_GROUP,
      description: 'May use the /admin API of Alliance Pulse',
    });
    new UserPoolGroup(this, 'Auditors', {
      userPool: this.userPool,
      groupName: AUDITOR_GROUP,
      description: 'May read the audit trail of Alliance Pulse (data-protection officer, Caldicott guardian)',
    });

    // A public client (no secret) for the support team's tools: the AWS CLI, scripts, API clients.
    this.client = this.userPool.addClient('SupportTeamClient', {
      authFlows: { userSrp: true, userPassword: true },
      generateSecret: false,
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /**
   * The support console's sign-in: Cognito's managed login on a Cognito domain, and an app client
   * for the authorization code flow with PKCE. The client is public (no secret): PKCE protects the
   * code, and the console function verifies the ID token itself. Callback and sign-out URLs are the
   * console's own addresses under `consoleUrl` (the public origin: CloudFront, or the custom domain).
   */
  addConsole(props: { consoleUrl: string; domainPrefix: string }): {
    client: UserPoolClient;
    domain: UserPoolDomain;
  } {
    const domain = this.userPool.addDomain('SignInDomain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    const client = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      // Only the managed login signs in to this client: no password flows from scripts.
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.consoleUrl}${CONSOLE_CALLBACK_PATH}`],
        logoutUrls: [`${props.consoleUrl}${CONSOLE_SIGNED_OUT_PATH}`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    // The managed login (version 2) shows its pages only with a style: Cognito's own.
    new CfnManagedLoginBranding(this, 'ConsoleLoginStyle', {
      userPoolId: this.userPool.userPoolId,
      clientId: client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    return { client, domain };
  }
}
