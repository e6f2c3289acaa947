import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleHandler } from '../../functions/console/function.js';
import { sessionKeys } from '../../functions/console/session.js';
import type { HttpEvent, HttpResult } from '../../lib/http/types.js';
import { browserLike, csrfIn, signedInClient } from '../support/console-client.js';
import {
  collaborationDocument,
  http,
  startTestStack,
  TEST_ADMIN_TOKEN,
  type TestStack,
  uniqueId,
} from '../support/stack.js';

/**
 * Attacks on the console, each shown to fail: form posts without the CSRF token or from another
 * site, a session of one collaboration's group acting on another, forged and expired sessions, and
 * on the AWS path (Cognito managed login, faked with a locally generated key pair and JWKS) forged,
 * expired and replayed tokens.
 */

let stack: TestStack;
let offsetMs = 0;

beforeAll(async () => {
  stack = await startTestStack({ now: () => new Date(Date.now() + offsetMs) });
});
afterAll(async () => stack?.stop());

const newCollaborationFields = (id: string, csrf: string) => ({
  csrf,
  id,
  name: 'Forged Alliance',
  'neighbourhoods.0.id': 'north',
  'neighbourhoods.0.name': 'North',
  'partners.0.id': 'council',
  'partners.0.name': 'Council',
  'partners.0.sector': 'local-authority',
});

const exists = async (c: string) =>
  (await http(stack.url).get(`/admin/collaborations/${c}`, { admin: true })).status === 200;

describe('CSRF and origin checks on form posts', () => {
  it('refuses a post without the CSRF token, or with another session’s, and stores nothing', async () => {
    const client = await signedInClient(stack.url);
    const other = await signedInClient(stack.url);
    const theirs = csrfIn((await other.get('/console/collaborations/new')).text);
    const [a, b] = [uniqueId('c'), uniqueId('c')];

    const without = await client.post('/console/collaborations', newCollaborationFields(a, ''));
    const wrong = await client.post('/console/collaborations', newCollaborationFields(b, theirs));

    expect(without.status).toBe(403);
    expect(without.text).toContain('did not come from the console');
    expect(wrong.status).toBe(403);
    expect(await exists(a)).toBe(false);
    expect(await exists(b)).toBe(false);
  });

  it('refuses a post from another site even with a valid token, and stores nothing', async () => {
    const client = await signedInClient(stack.url);
    const csrf = csrfIn((await client.get('/console/collaborations/new')).text);
    const c = uniqueId('c');

    const res = await client.post(
      '/console/collaborations',
      newCollaborationFields(c, csrf),
      'https://evil.example',
    );
    const ok = await client.post('/console/collaborations', newCollaborationFields(c, csrf));

    expect(res.status).toBe(403);
    expect(res.text).toContain('sent from another site');
    expect(ok).toMatchObject({ status: 303, location: `/console/collaborations/${c}?done=saved` });
    const from = new Date(Date.now() - 60_000).toISOString();
    const trail = await http(stack.url).get(`/admin/audit?from=${encodeURIComponent(from)}`, { admin: true });
    const mine = trail.json.events.filter(
      (e: { target: { collaborationId?: string } }) => e.target.collaborationId === c,
    );
    expect(mine, 'only the accepted post is recorded, as the console user').toMatchObject([
      { action: 'collaboration.put', actor: { username: 'local admin', sub: null } },
    ]);
  });

  it('refuses the sign-in form from another site, or without its token', async () => {
    const client = browserLike(stack.url);
    const csrf = csrfIn((await client.get('/console/sign-in')).text);

    const elsewhere = await client.post(
      '/console/sign-in',
      { csrf, token: TEST_ADMIN_TOKEN },
      'https://evil.example',
    );
    const tokenless = await client.post('/console/sign-in', { token: TEST_ADMIN_TOKEN });

    expect(elsewhere.status).toBe(403);
    expect(tokenless.status).toBe(403);
    expect(client.jar.has('pulse-console')).toBe(false);
  });
});

describe('sessions', () => {
  const keys = () => sessionKeys(stack.deps.hmacSecret);
  const withSession = (value: string) => {
    const client = browserLike(stack.url);
    client.jar.set('pulse-console', value);
    return client;
  };

  it('lets a collaboration’s own group act on it, and on no other collaboration', async () => {
    const [mine, theirs] = [uniqueId('c'), uniqueId('c')];
    for (const c of [mine, theirs]) {
      await http(stack.url).put(`/admin/collaborations/${c}`, collaborationDocument(), { admin: true });
    }
    const session = keys().create(
      { sub: 'u1', username: 'ann', name: 'Ann', groups: [`support-team:${mine}`] },
      new Date(),
    );
    const client = withSession(keys().sealSession(session));
    const csrf = keys().csrfToken(session.sid);

    const own = await client.get(`/console/collaborations/${mine}`);
    const other = await client.get(`/console/collaborations/${theirs}`);
    const edit = await client.post(`/console/collaborations/${theirs}`, {
      ...newCollaborationFields(theirs, csrf),
      name: 'Taken over',
    });
    const create = await client.post('/console/collaborations', newCollaborationFields(uniqueId('c'), csrf));
    const list = await client.get('/console/collaborations');

    expect(own.status).toBe(200);
    expect(other.status).toBe(403);
    expect(other.text).toContain('You do not have access');
    expect(edit.status).toBe(403);
    expect((await http(stack.url).get(`/admin/collaborations/${theirs}`, { admin: true })).json.name).toBe(
      'Test Alliance',
    );
    expect(create.status).toBe(404);
    expect(list.text).toContain(`/console/collaborations/${mine}"`);
    expect(list.text).not.toContain(`/console/collaborations/${theirs}"`);
  });

  it('gives a 403 page to a user in no support-team group', async () => {
    const session = keys().create(
      { sub: 'u2', username: 'bob', name: 'Bob', groups: ['readers'] },
      new Date(),
    );

    const res = await withSession(keys().sealSession(session)).get('/console/collaborations');

    expect(res.status).toBe(403);
    expect(res.text).toContain('not in the &quot;support-team&quot; group');
  });

  it('sends forged, tampered and expired sessions to sign-in', async () => {
    const session = keys().create(
      { sub: 'u3', username: 'cat', name: 'Cat', groups: ['support-team:x'] },
      new Date(),
    );
    const sealed = keys().sealSession(session);
    const [body, tag] = sealed.split('.');
    const elevated = Buffer.from(JSON.stringify({ ...session, groups: ['support-team'] })).toString(
      'base64url',
    );
    const otherKey = sessionKeys(Buffer.from('another-secret-another-secret-0123')).sealSession({
      ...session,
      groups: ['support-team'],
    });

    for (const value of [`${elevated}.${tag}`, `${body}.${tag}x`, otherKey, 'garbage', '']) {
      const res = await withSession(value).get('/console/collaborations');
      expect(res).toMatchObject({ status: 303, location: '/console/sign-in' });
    }
    const client = await signedInClient(stack.url);
    expect((await client.get('/console/collaborations')).status).toBe(200);
    offsetMs += 9 * 3600_000;
    try {
      expect(await client.get('/console/collaborations')).toMatchObject({
        status: 303,
        location: '/console/sign-in',
      });
    } finally {
      offsetMs -= 9 * 3600_000;
    }
  });
});

describe('Cognito managed login (AWS path, faked locally)', () => {
  const USER_POOL = 'eu-west-2_TestPool';
  const CLIENT_ID = 'console-client-id';
  const ISSUER = `https://cognito-idp.eu-west-2.amazonaws.com/${USER_POOL}`;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };

  const jwt = (claims: Record<string, unknown>, key: KeyObject = privateKey) => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${part({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })}.${part(claims)}`;
    return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
  };

  /** What the token endpoint answers next, given the nonce the flow sent to the managed login. */
  let nextToken: (nonce: string) => string = () => '';
  let nonce = '';
  const tokenEndpoint: typeof fetch = async () =>
    new Response(
      JSON.stringify({
        id_token: nextToken(nonce),
        access_token: 'opaque',
        token_type: 'Bearer',
        expires_in: 3600,
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );

  const claims = (overrides: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return {
      sub: 'user-1',
      aud: CLIENT_ID,
      iss: ISSUER,
      token_use: 'id',
      iat: now,
      auth_time: now,
      exp: now + 3600,
      nonce,
      email: 'ann@example.org',
      'cognito:groups': ['support-team'],
      ...overrides,
    };
  };

  const handler = () =>
    createConsoleHandler(
      stack.deps,
      {
        mode: 'aws',
        adminToken: undefined,
        adminGroup: 'support-team',
        console: {
          userPoolId: USER_POOL,
          clientId: CLIENT_ID,
          signInDomain: 'https://login.example',
        },
        publicBaseUrl: undefined,
      },
      { fetch: tokenEndpoint, jwks: { keys: [jwk as never] } },
    );

  const event = (routeKey: string, query: Record<string, string> = {}, cookies: string[] = []): HttpEvent =>
    ({
      version: '2.0',
      routeKey,
      rawPath: routeKey.split(' ')[1],
      rawQueryString: new URLSearchParams(query).toString(),
      queryStringParameters: query,
      cookies,
      headers: { 'x-forwarded-proto': 'https' },
      requestContext: {
        requestId: 'r',
        domainName: 'console.example',
        http: { method: routeKey.split(' ')[0] },
      },
    }) as unknown as HttpEvent;

  const call = (h: ReturnType<typeof handler>, e: HttpEvent) => h(e, {} as Context) as Promise<HttpResult>;
  const cookieValue = (result: HttpResult, name: string) =>
    result.cookies?.find((c) => c.startsWith(`${name}=`))?.split(';')[0];

  /** Starts a sign-in: the redirect to the managed login and the state cookie to bring back. */
  const start = async (h: ReturnType<typeof handler>) => {
    const res = await call(h, event('GET /console/sign-in', { go: '1' }));
    const url = new URL(String(res.headers?.location));
    nonce = url.searchParams.get('nonce') ?? '';
    return { res, url, state: cookieValue(res, '__Host-pulse-console-signin') as string };
  };

  it('sends the browser to the managed login with PKCE, then signs in with a verified ID token', async () => {
    const h = handler();
    const { res, url, state } = await start(h);
    nextToken = () => jwt(claims());

    const back = await call(
      h,
      event('GET /console/callback', { code: 'the-code', state: url.searchParams.get('state') ?? '' }, [
        state,
      ]),
    );

    expect(res.statusCode).toBe(303);
    expect(url.origin + url.pathname).toBe('https://login.example/oauth2/authorize');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe('https://console.example/console/callback');
    expect(res.cookies?.[0]).toMatch(/; HttpOnly; Secure; SameSite=Lax; Max-Age=600$/);
    expect(back.statusCode).toBe(200);
    const session = back.cookies?.find((c) => c.startsWith('__Host-pulse-console='));
    expect(session).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Strict; Max-Age=28800$/);
    const list = await call(h, event('GET /console/collaborations', {}, [String(session?.split(';')[0])]));
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('ann@example.org');
  });

  it.each([
    ['signed with another key', () => jwt(claims(), forger)],
    [
      'expired',
      () =>
        jwt(claims({ exp: Math.floor(Date.now() / 1000) - 60, iat: Math.floor(Date.now() / 1000) - 3700 })),
    ],
    ['for another app client', () => jwt(claims({ aud: 'someone-else' }))],
    ['an access token', () => jwt(claims({ token_use: 'access' }))],
    ['with another nonce (replayed)', () => jwt(claims({ nonce: 'old-nonce' }))],
  ])('refuses an ID token %s and starts no session', async (_what, token) => {
    const h = handler();
    const { url, state } = await start(h);
    nextToken = token;

    const back = await call(
      h,
      event('GET /console/callback', { code: 'the-code', state: url.searchParams.get('state') ?? '' }, [
        state,
      ]),
    );

    expect(back.statusCode).toBe(401);
    expect(back.body).toContain('Sign-in did not complete');
    expect(back.cookies ?? []).not.toContainEqual(expect.stringMatching(/^__Host-pulse-console=/));
  });

  it('refuses a callback whose state does not match the sign-in it started, or with no sign-in at all', async () => {
    const h = handler();
    const { state } = await start(h);
    nextToken = () => jwt(claims());

    const mismatched = await call(h, event('GET /console/callback', { code: 'c', state: 'forged' }, [state]));
    const orphan = await call(h, event('GET /console/callback', { code: 'c', state: 'x' }));

    expect(mismatched.statusCode).toBe(401);
    expect(orphan.statusCode).toBe(401);
  });
});
