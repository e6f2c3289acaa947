import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/local-process.js';
import { type HttpReply, http, startTestStack, TEST_ADMIN_TOKEN, type TestStack } from '../support/stack.js';
import { type StallProxy, startStallProxy } from '../support/stall-proxy.js';

/**
 * Privacy rule 8 on the console's pages, over HTTP, whatever the status: the local server passes a
 * function's answer on untouched, as API Gateway does, so these are the console function's own headers.
 * Its DynamoDB goes through a stalling proxy, for a 5xx; a short SDK budget makes that quick.
 */
let stack: TestStack;
let proxy: StallProxy;

beforeAll(async () => {
  const dynamoDbPort = await freePort();
  proxy = await startStallProxy(dynamoDbPort);
  stack = await startTestStack(
    { env: { PULSE_SDK_REQUEST_TIMEOUT_MS: '500', PULSE_SDK_MAX_ATTEMPTS: '1' } },
    { dynamoDbPort, via: { dynamoDb: proxy.url } },
  );
});
afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
});

const expectSecure = (what: string, reply: HttpReply) => {
  expect(reply.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(reply.headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(reply.headers.get('strict-transport-security'), what).toBe('max-age=63072000; includeSubDomains');
  expect(reply.headers.get('cache-control'), what).toBe('no-store');
  const csp = reply.headers.get('content-security-policy') ?? '';
  expect(csp, what).toContain("default-src 'none'");
  expect(csp, what).toContain("frame-ancestors 'none'");
};

const cookiesOf = (reply: HttpReply) =>
  reply.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');

describe('the console’s security headers', () => {
  it('are on its pages, redirects, client errors and server errors', async () => {
    const api = http(stack.url);
    const signInPage = await api.get('/console/sign-in');
    const csrf = /name="csrf" value="([^"]+)"/.exec(signInPage.text)?.[1] ?? '';
    const form = (fields: Record<string, string>, cookie: string) => ({
      raw: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url, cookie },
    });
    const signedIn = await api.call(
      'POST',
      '/console/sign-in',
      form({ csrf, token: TEST_ADMIN_TOKEN }, cookiesOf(signInPage)),
    );
    const session = { headers: { cookie: cookiesOf(signedIn) } };

    const replies: [string, number, HttpReply][] = [
      ['sign-in page', 200, signInPage],
      ['collaborations', 200, await api.get('/console/collaborations', session)],
      ['signed in', 303, signedIn],
      ['not signed in', 303, await api.get('/console/collaborations')],
      ['no CSRF token', 400, await api.call('POST', '/console/sign-in', form({ token: 'x' }, ''))],
      ['unknown collaboration', 404, await api.get('/console/collaborations/no-such-one', session)],
      [
        'report of an unknown collaboration',
        404,
        await api.get('/console/collaborations/no-such-one/surveys/pulse/results/report', session),
      ],
    ];
    const stall = proxy.stall(3_000);
    replies.push(['DynamoDB stalled', 503, await api.get('/console/collaborations', session)]);
    await stall;

    for (const [what, status, reply] of replies) {
      expect(reply.status, what).toBe(status);
      expectSecure(what, reply);
    }
  }, 30_000);
});
