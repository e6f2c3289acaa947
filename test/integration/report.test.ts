import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_BUCKET_NAME } from '../../infra/local/config.js';
import { DEMO, seedDemo } from '../../infra/local/seed.js';
import { snapshotKeys } from '../../lib/app/snapshot-files.js';
import { MAX_REPORT_LINK_SECONDS } from '../../lib/domain/report-link.js';
import { setUpOpenSurvey, useTestStack } from '../support/stack.js';

/**
 * The results report over real HTTP against the local stack, on the demo alliance (four closed rounds
 * and an open one): the admin route, the copy the job publishes, and presigned links to that copy
 * served by the S3 emulator.
 */
const ctx = useTestStack();
const { collaborationId: c, surveyId: s } = DEMO;
const base = `/admin/collaborations/${c}/surveys/${s}`;
const decode = (bytes: Uint8Array | null) => (bytes ? new TextDecoder().decode(bytes) : null);

beforeAll(async () => {
  await seedDemo(ctx.stack.deps, '', () => {});
}, 120_000);

// Each report computes the snapshot with its disclosure audit: minutes, not seconds, on a loaded machine.
describe('GET …/report', { timeout: 180_000 }, () => {
  it('needs the admin token', async () => {
    expect((await ctx.api.get(`${base}/report`)).status).toBe(401);
  });

  it('serves the latest closed round as self-contained HTML under a CSP that loads nothing', async () => {
    const waves = (await ctx.api.get(`${base}/waves`, { admin: true })).json.waves as {
      id: string;
      status: string;
    }[];
    const latestClosed = waves.filter((w) => w.status === 'closed').at(-1)?.id;

    const res = await ctx.api.get(`${base}/report`, { admin: true });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toContain(`results for round ${latestClosed}</h1>`);
    expect(res.text).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(res.text).not.toMatch(/<script/i);
  });

  it('serves an earlier round on request; 404 for an unknown round, 409 for the open one', async () => {
    const waves = (await ctx.api.get(`${base}/waves`, { admin: true })).json.waves as {
      id: string;
      status: string;
    }[];
    const first = waves[0]?.id;
    const open = waves.find((w) => w.status === 'open')?.id;

    const earlier = await ctx.api.get(`${base}/report?wave=${first}`, { admin: true });
    expect(earlier.status).toBe(200);
    expect(earlier.text).toContain(`results for round ${first}</h1>`);
    expect((await ctx.api.get(`${base}/report?wave=1999-01`, { admin: true })).status).toBe(404);
    const notYet = await ctx.api.get(`${base}/report?wave=${open}`, { admin: true });
    expect(notYet.status).toBe(409);
    expect(notYet.json.error).toContain('has no results yet');
  });

  it('answers 200 with "no results yet" before any round has closed, and 404 for an unknown survey', async () => {
    const setup = await setUpOpenSurvey(ctx.api, 1);
    const res = await ctx.api.get(`${setup.base}/report`, { admin: true });
    expect(res.status).toBe(200);
    expect(res.text).toContain('no results yet');
    expect(
      (await ctx.api.get(`/admin/collaborations/${setup.c}/surveys/nope/report`, { admin: true })).status,
    ).toBe(404);
  });
});

describe('the published report and links to it', { timeout: 180_000 }, () => {
  it('409 for a link before the job has published the report', async () => {
    const res = await ctx.api.post(`${base}/report-links`, {}, { admin: true });
    expect(res.status).toBe(409);
  });

  it('is published with the snapshot, listed in the manifest, and not rewritten by an unchanged run', async () => {
    const first = await ctx.stack.runJob();
    const keys = snapshotKeys(c, s);
    expect(first.surveys.find((x) => x.collaborationId === c)?.written).toContain(keys.report);
    const html = decode(await ctx.stack.deps.objects.get(keys.report));
    const viaRoute = await ctx.api.get(`${base}/report`, { admin: true });
    // Same figures as the route (the page differs only in nothing: same snapshot content, same round).
    expect(html?.match(/<h1[^>]*>.*<\/h1>/)?.[0]).toBe(viaRoute.text.match(/<h1[^>]*>.*<\/h1>/)?.[0]);
    const manifest = JSON.parse(
      decode(await ctx.stack.deps.objects.get('snapshots/v1/manifest.json')) ?? '{}',
    );
    const entry = manifest.objects.find((o: { key: string }) => o.key === keys.report);
    expect(entry).toMatchObject({ bytes: new TextEncoder().encode(html ?? '').length });

    const second = await ctx.stack.runJob();
    expect(second.surveys.find((x) => x.collaborationId === c)).toMatchObject({
      status: 'unchanged',
      written: [],
    });
  });

  it('validates the requested lifetime: 1 s to 7 days, nothing else in the body', async () => {
    for (const body of [
      { expiresInSeconds: 0 },
      { expiresInSeconds: MAX_REPORT_LINK_SECONDS + 1 },
      { expiresInSeconds: 1.5 },
      { other: 1 },
    ]) {
      const res = await ctx.api.post(`${base}/report-links`, body, { admin: true });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect(
      (await ctx.api.post(`/admin/collaborations/${c}/surveys/nope/report-links`, {}, { admin: true }))
        .status,
    ).toBe(404);
    expect((await ctx.api.post(`${base}/report-links`, {})).status).toBe(401);
  });

  it('gives a 7-day link by default, and records it (without the link) in the audit trail', async () => {
    const before = Date.now();
    const from = new Date(before - 1000).toISOString();
    const res = await ctx.api.post(`${base}/report-links`, {}, { admin: true });
    expect(res.status).toBe(201);
    const trail = await ctx.api.get(`/admin/audit?from=${encodeURIComponent(from)}`, { admin: true });
    const event = (trail.json.events as { action: string; target: unknown; details: unknown }[]).find(
      (e) => e.action === 'report-link.create',
    );
    expect(event).toMatchObject({
      target: { collaborationId: c, surveyId: s },
      details: { expiresAt: res.json.expiresAt },
    });
    expect(JSON.stringify(event)).not.toContain('X-Amz-Signature');
    const expiresAt = Date.parse(res.json.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + MAX_REPORT_LINK_SECONDS * 1000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + MAX_REPORT_LINK_SECONDS * 1000);
    expect(new URL(res.json.url).searchParams.get('X-Amz-Expires')).toBe(String(MAX_REPORT_LINK_SECONDS));
  });

  it('serves report.html as text/html until it expires, and opens nothing else in the bucket', async () => {
    // Long enough to open it on a slow machine.
    const lifetime = 60;
    const res = await ctx.api.post(`${base}/report-links`, { expiresInSeconds: lifetime }, { admin: true });
    expect(res.status).toBe(201);
    const url = new URL(res.json.url);
    expect(url.pathname).toMatch(/\/snapshots\/v1\/se-essex\/pulse\/report\.html$/);

    const opened = await fetch(url);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await opened.text()).toBe(decode(await ctx.stack.deps.objects.get(snapshotKeys(c, s).report)));

    // s3rver does not check SigV4 signatures (AWS does), so show instead that the signature binds the
    // key: re-signing the same request at the same instant reproduces it; any other key gives another.
    const signature = url.searchParams.get('X-Amz-Signature');
    const amzDate = url.searchParams.get('X-Amz-Date') ?? '';
    const signingDate = new Date(
      amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
    );
    const resign = async (key: string) =>
      new URL(
        await getSignedUrl(
          // The stack's own region and credentials: the local stack sets no AWS_* variables.
          ctx.s3,
          new GetObjectCommand({
            Bucket: LOCAL_BUCKET_NAME,
            Key: key,
            ResponseContentType: 'text/html; charset=utf-8',
          }),
          { expiresIn: lifetime, signingDate },
        ),
      ).searchParams.get('X-Amz-Signature');
    expect(await resign(snapshotKeys(c, s).report)).toBe(signature);
    expect(await resign(snapshotKeys(c, s).latestJson)).not.toBe(signature);

    // Rather than wait for a link to expire, sign links while the stack's clock stands in the past: the
    // emulator judges them by its own (real) clock. One signed half a lifetime ago still opens; one
    // signed a lifetime and a half ago expired before it was handed out, and S3 refuses it at once.
    const signedAgo = async (seconds: number) => {
      ctx.stack.clock.advance(-seconds * 1000);
      try {
        const link = await ctx.api.post(
          `${base}/report-links`,
          { expiresInSeconds: lifetime },
          { admin: true },
        );
        expect(link.status).toBe(201);
        return link.json as { url: string; expiresAt: string };
      } finally {
        ctx.stack.clock.advance(seconds * 1000);
      }
    };
    const live = await signedAgo(lifetime / 2);
    expect(Date.parse(live.expiresAt)).toBeGreaterThan(Date.now());
    expect((await fetch(live.url)).status).toBe(200);

    const expired = await signedAgo(lifetime * 1.5);
    expect(Date.parse(expired.expiresAt)).toBeLessThan(Date.now());
    const refused = await fetch(expired.url);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Request has expired');
  });
});
