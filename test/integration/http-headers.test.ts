import { Agent, request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type HttpReply, setUpOpenSurvey, useTestStack, validAnswers } from '../support/stack.js';

const ctx = useTestStack();

const expectSecure = (reply: HttpReply) => {
  expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
  expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
  expect(reply.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
  if (/^text\/html/.test(reply.headers.get('content-type') ?? '')) {
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.headers.get('content-security-policy')).toContain("default-src 'none'");
  }
};

describe('security headers over HTTP, on every status class', () => {
  it('are on pages, API answers, redirects and every kind of error', async () => {
    const { tokens, base } = await setUpOpenSurvey(ctx.api, 2);
    const token = tokens[0]!.token;
    const replies: [string, number, HttpReply][] = [
      ['openapi', 200, await ctx.api.get('/openapi.json')],
      ['form page', 200, await ctx.api.get(`/s/${token}`)],
      [
        'links issued',
        201,
        await ctx.api.post(
          `${base}/links`,
          { partnerId: 'pcn', neighbourhoodId: 'north', count: 1 },
          { admin: true },
        ),
      ],
      ['revoked', 204, await ctx.api.del(`${base}/links/${tokens[1]!.id}`, { admin: true })],
      [
        'form posted',
        303,
        await ctx.api.call('POST', `/s/${token}`, {
          raw: 'q.sp1=4&q.sp2=dk&q.tr1=2',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      ],
      [
        'malformed JSON',
        400,
        await ctx.api.call('PUT', `/api/s/${token}/response`, {
          raw: '{',
          headers: { 'content-type': 'application/json' },
        }),
      ],
      ['no admin token', 401, await ctx.api.get(`${base}/links`)],
      ['unknown link page', 404, await ctx.api.get(`/s/${'A'.repeat(43)}`)],
      ['unknown link API', 404, await ctx.api.get(`/api/s/${'A'.repeat(43)}`)],
      ['no such route', 404, await ctx.api.get('/no/such/route')],
      ['wave already open', 409, await ctx.api.post(`${base}/waves`, { id: 'w2' }, { admin: true })],
      [
        'too big for a route',
        413,
        await ctx.api.put(`/api/s/${token}/response`, { answers: {}, pad: 'x'.repeat(300_000) }),
      ],
      [
        'utf-16',
        415,
        await ctx.api.call('PUT', `/api/s/${token}/response`, {
          raw: '{}',
          headers: { 'content-type': 'application/json; charset=utf-16' },
        }),
      ],
      ['invalid answers', 422, await ctx.api.put(`/api/s/${token}/response`, { answers: { sp1: 9 } })],
      [
        'form page with a missing answer',
        422,
        await ctx.api.call('POST', `/s/${token}`, {
          raw: 'q.sp1=4',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      ],
      // The results report: before any round has closed it is a page saying when results will appear.
      ['report', 200, await ctx.api.get(`${base}/report`, { admin: true })],
      ['report of an unknown round', 404, await ctx.api.get(`${base}/report?wave=nope`, { admin: true })],
      ['report of an open round', 409, await ctx.api.get(`${base}/report?wave=w1`, { admin: true })],
    ];

    for (const [what, status, reply] of replies) {
      expect(reply.status, what).toBe(status);
      expectSecure(reply);
    }
  });

  it('accept a space before the charset parameter and refuse a charset other than UTF-8', async () => {
    const { tokens } = await setUpOpenSurvey(ctx.api, 1);
    const put = (contentType: string) =>
      ctx.api.call('PUT', `/api/s/${tokens[0]!.token}/response`, {
        raw: JSON.stringify(validAnswers),
        headers: { 'content-type': contentType },
      });

    expect((await put('application/json ; charset=utf-8')).status).toBe(200);
    expect((await put('application/json; charset=utf-16')).status).toBe(415);
  });
});

/** Raw HTTP on one kept-alive socket, so the test can tell whether the connection survived. */
const send = (agent: Agent, url: string, method: string, body?: Buffer) =>
  new Promise<{ status: number; reused: boolean; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest(
      url,
      { method, agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket, headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });

describe('a body over API Gateway’s 10 MB limit', () => {
  it('gets a secured 413 and leaves the connection usable for the next request', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const tooBig = await send(
        agent,
        `${ctx.stack.url}/api/s/${'A'.repeat(43)}/response`,
        'PUT',
        Buffer.alloc(11 * 1024 * 1024, 0x20),
      );
      const next = await send(agent, `${ctx.stack.url}/openapi.json`, 'GET');

      expect(tooBig.status).toBe(413);
      expect(tooBig.headers['x-content-type-options']).toBe('nosniff');
      expect(next.status).toBe(200);
      expect(next.reused).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});
