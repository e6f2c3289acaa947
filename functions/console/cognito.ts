import { CognitoJwtVerifier } from 'aws-jwt-verify';
import * as oauth from 'oauth4webapi';
import { UnauthorizedError } from '../../lib/errors.js';
import { groupsOf } from '../admin/auth.js';
import type { ConsoleUser } from './session.js';

/** The Cognito user pool, the console's app client and the managed-login domain (stack outputs). */
export interface CognitoSettings {
  userPoolId: string;
  clientId: string;
  /** Base URL of the managed login, e.g. `https://pulse-prod.auth.eu-west-2.amazoncognito.com`. */
  domain: string;
}

/** What survives the trip to the managed login and back, kept in a signed HttpOnly cookie. */
export interface SignInState extends Record<string, string> {
  verifier: string;
  state: string;
  nonce: string;
}

/** Signs the support team in with Cognito's managed login: authorization code flow with PKCE. */
export interface SignInProvider {
  /** The managed-login URL to send the browser to, and the state to keep until it comes back. */
  start(redirectUri: string): Promise<{ url: string; state: SignInState }>;
  /** Checks the callback, redeems the code, verifies the ID token; `UnauthorizedError` on any failure. */
  finish(callback: URL, state: SignInState, redirectUri: string): Promise<ConsoleUser>;
  /** The managed login's sign-out URL, which returns to `returnTo`. */
  signOutUrl(returnTo: string): string;
}

export interface CognitoOptions {
  /** Replaces `fetch` for the token request (tests answer it without a network). */
  fetch?: typeof fetch;
  /** Preloaded signing keys (tests sign tokens with a locally generated key pair). */
  jwks?: Parameters<ReturnType<typeof CognitoJwtVerifier.create>['cacheJwks']>[0];
}

/**
 * Cognito through two maintained libraries: oauth4webapi for the flow (state, PKCE, the code
 * exchange, the ID token's claims and nonce) and aws-jwt-verify for the token's signature against
 * the user pool's JWKS (cached per cold start), issuer, audience, expiry and `token_use`.
 */
export const cognitoSignIn = (settings: CognitoSettings, options: CognitoOptions = {}): SignInProvider => {
  const region = settings.userPoolId.split('_')[0];
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${settings.userPoolId}`;
  const domain = settings.domain.replace(/\/+$/, '');
  const as: oauth.AuthorizationServer = {
    issuer,
    authorization_endpoint: `${domain}/oauth2/authorize`,
    token_endpoint: `${domain}/oauth2/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
  };
  const client: oauth.Client = { client_id: settings.clientId };
  const verifier = CognitoJwtVerifier.create({
    userPoolId: settings.userPoolId,
    clientId: settings.clientId,
    tokenUse: 'id',
  });
  if (options.jwks) verifier.cacheJwks(options.jwks);
  const requestOptions = options.fetch ? { [oauth.customFetch]: options.fetch } : {};

  return {
    start: async (redirectUri) => {
      const state: SignInState = {
        verifier: oauth.generateRandomCodeVerifier(),
        state: oauth.generateRandomState(),
        nonce: oauth.generateRandomNonce(),
      };
      const url = new URL(as.authorization_endpoint as string);
      url.search = new URLSearchParams({
        client_id: settings.clientId,
        response_type: 'code',
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state: state.state,
        nonce: state.nonce,
        code_challenge: await oauth.calculatePKCECodeChallenge(state.verifier),
        code_challenge_method: 'S256',
      }).toString();
      return { url: url.toString(), state };
    },

    finish: async (callback, state, redirectUri) => {
      try {
        const params = oauth.validateAuthResponse(as, client, callback, state.state);
        const response = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          oauth.None(),
          params,
          redirectUri,
          state.verifier,
          requestOptions,
        );
        const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
          expectedNonce: state.nonce,
          requireIdToken: true,
        });
        const claims = await verifier.verify(tokens.id_token as string);
        const username = String(claims['cognito:username'] ?? claims.sub);
        return {
          sub: claims.sub,
          username,
          name: String(claims.email ?? username),
          groups: groupsOf(claims['cognito:groups']),
        };
      } catch {
        // Whatever failed (a forged or expired token, a replayed code, a mismatched state), the
        // user sees one message and nothing about the cause.
        throw new UnauthorizedError('Sign-in did not complete. Please try again.');
      }
    },

    signOutUrl: (returnTo) =>
      `${domain}/logout?${new URLSearchParams({ client_id: settings.clientId, logout_uri: returnTo })}`,
  };
};
