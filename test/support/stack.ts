import { randomBytes } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect } from 'vitest';
import type { LocalStack, LocalStackOptions } from '../../infra/local/stack.js';
import { createS3Client } from '../../lib/composition.js';
import { sdkBudget } from '../../lib/config.js';
import { type TestClock, testClock } from './clock.js';
import { collaborationDocument, surveyDocument } from './documents.js';
import { startTempStack } from './temp-stack.js';

export { collaborationDocument, surveyDocument, validAnswers } from './documents.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestStack extends LocalStack {
  dataDir: string;
  /** The stack's clock: `advance` moves every function's `now` forward. */
  clock: TestClock;
}

/**
 * The whole local stack in-process, on free ports and a fresh data dir, on a clock the test can move
 * (`clock.advance`), unless the test passes its own `now`.
 */
export const startTestStack = async (
  options: LocalStackOptions = {},
  config: Parameters<typeof startTempStack>[3] = {},
): Promise<TestStack> => {
  const clock = testClock();
  const stack = await startTempStack('pulse-test-', TEST_ADMIN_TOKEN, { now: clock.now, ...options }, config);
  return { ...stack, clock };
};

/** An S3 client on the stack's emulator, built as the stack builds its own (path style, checksums, budget). */
const stackS3Client = (stack: LocalStack): S3Client =>
  createS3Client(stack.runtime, sdkBudget('admin', stack.runtime), stack.aws);

/** A unique id per test, so tests sharing a stack never see each other's data. */
export const uniqueId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** Real HTTP against the stack's API. */
export const http = (baseUrl: string) => {
  const call = async (
    method: string,
    path: string,
    options: { body?: unknown; raw?: string; headers?: Record<string, string>; admin?: boolean } = {},
  ): Promise<HttpReply> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.admin) headers.authorization = `Bearer ${TEST_ADMIN_TOKEN}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  return {
    call,
    get: (path: string, o?: Parameters<typeof call>[2]) => call('GET', path, o),
    put: (path: string, body: unknown, o?: Parameters<typeof call>[2]) => call('PUT', path, { ...o, body }),
    post: (path: string, body: unknown, o?: Parameters<typeof call>[2]) => call('POST', path, { ...o, body }),
    patch: (path: string, body: unknown, o?: Parameters<typeof call>[2]) =>
      call('PATCH', path, { ...o, body }),
    del: (path: string, o?: Parameters<typeof call>[2]) => call('DELETE', path, o),
  };
};
export type Http = ReturnType<typeof http>;

/** A collaboration, a survey, an open wave and `links` links: what most respondent tests need. */
export const setUpOpenSurvey = async (api: Http, links = 2) => {
  const c = uniqueId('c');
  const s = 'pulse';
  const base = `/admin/collaborations/${c}/surveys/${s}`;
  expect((await api.put(`/admin/collaborations/${c}`, collaborationDocument(), { admin: true })).status).toBe(
    200,
  );
  expect((await api.put(base, surveyDocument(), { admin: true })).status).toBe(200);
  const wave = await api.post(`${base}/waves`, { id: 'w1' }, { admin: true });
  expect(wave.status).toBe(201);
  const issued = await api.post(
    `${base}/links`,
    { partnerId: 'pcn', neighbourhoodId: 'north', count: links },
    { admin: true },
  );
  expect(issued.status).toBe(201);
  const tokens = (issued.json.links as { id: string; url: string }[]).map((l) => ({
    id: l.id,
    token: new URL(l.url).pathname.split('/').pop() as string,
  }));
  return { c, s, base, waveId: 'w1', tokens };
};

/** Closes a wave through the API, then lets 6 minutes pass: its cells are published from then on. */
export const closeAndSettle = async (stack: TestStack, api: Http, c: string, s: string, waveId: string) => {
  const closed = await api.post(
    `/admin/collaborations/${c}/surveys/${s}/waves/${waveId}/close`,
    {},
    { admin: true },
  );
  expect(closed.status).toBe(200);
  stack.clock.advance(6 * 60_000);
};

/** One stack per test file: started before its tests, stopped after them; `s3` reads its bucket. */
export const useTestStack = () => {
  const ctx = {} as { stack: TestStack; api: Http; s3: S3Client };
  beforeAll(async () => {
    ctx.stack = await startTestStack();
    ctx.api = http(ctx.stack.url);
    ctx.s3 = stackS3Client(ctx.stack);
  });
  afterAll(async () => {
    ctx.s3?.destroy();
    await ctx.stack?.stop();
  });
  return ctx;
};

/**
 * Reads the test stack's bucket directly, as a BI tool would: an object's bytes (null when there is
 * none), an object as JSON (null when there is none), the keys under a prefix.
 */
export const bucketReader = (ctx: { stack: TestStack; s3: S3Client }) => {
  const getObject = async (key: string): Promise<Buffer | null> => {
    try {
      const { Body } = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.stack.bucketName, Key: key }));
      return Buffer.from(
        await (Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  };
  const getJson = async (key: string) => JSON.parse((await getObject(key))?.toString('utf8') ?? 'null');
  const listKeys = async (prefix: string): Promise<string[]> =>
    (
      await ctx.s3.send(new ListObjectsV2Command({ Bucket: ctx.stack.bucketName, Prefix: prefix }))
    ).Contents?.map((o) => o.Key as string) ?? [];
  return { getObject, getJson, listKeys };
};
