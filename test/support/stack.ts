import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../infra/local/stack.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestStack extends LocalStack {
  dataDir: string;
}

/** The whole local stack in-process, on free ports and a fresh data dir. */
export const startTestStack = async (options: LocalStackOptions = {}): Promise<TestStack> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pulse-test-'));
  const stack = await startLocalStack(
    {
      port: 0,
      dataDir,
      adminToken: TEST_ADMIN_TOKEN,
      s3Port: 0,
      dynamoDbPort: 0,
      scheduleSeconds: 0,
      seed: 'none',
    },
    options,
  );
  return {
    ...stack,
    dataDir,
    stop: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

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

export const collaborationDocument = (overrides: Record<string, unknown> = {}) => ({
  name: 'Test Alliance',
  neighbourhoods: [
    { id: 'north', name: 'North' },
    { id: 'south', name: 'South' },
  ],
  partners: [
    { id: 'council', name: 'Borough Council', sector: 'local-authority' },
    { id: 'pcn', name: 'North PCN', sector: 'primary-care' },
    { id: 'charity', name: 'Community Trust', sector: 'vcse' },
  ],
  ...overrides,
});

export const surveyDocument = (overrides: Record<string, unknown> = {}) => ({
  title: 'Alliance pulse',
  questions: [
    {
      id: 'sp1',
      characteristic: 'shared-purpose',
      text: 'We agree on what the alliance is for',
      type: 'likert5',
    },
    { id: 'sp2', characteristic: 'shared-purpose', text: 'Our joint priorities are clear', type: 'likert5' },
    {
      id: 'tr1',
      characteristic: 'trusting-relationships',
      text: 'I trust colleagues in partner organisations',
      type: 'likert5',
    },
    { id: 'sp-comment', characteristic: 'shared-purpose', text: 'Anything to add?', type: 'comment' },
  ],
  cadence: { intervalDays: 91, waveLengthDays: 14, firstWaveOpensAt: '2030-01-07T09:00:00' },
  ...overrides,
});

export const validAnswers = {
  answers: { sp1: 4, sp2: null, tr1: 2 },
  comments: { 'sp-comment': 'More joint time' },
};

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

/** One stack per test file: started before its tests, stopped after them. */
export const useTestStack = () => {
  const ctx = {} as { stack: TestStack; api: Http };
  beforeAll(async () => {
    ctx.stack = await startTestStack();
    ctx.api = http(ctx.stack.url);
  });
  afterAll(async () => ctx.stack?.stop());
  return ctx;
};
