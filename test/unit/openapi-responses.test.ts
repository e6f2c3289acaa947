import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { createAdminHandler } from '../../functions/admin/function.js';
import { createRespondentHandler } from '../../functions/respondent/function.js';
import {
  collaborationSchema,
  commentsSchema,
  openSurveySchema,
  runSummarySchema,
  surveySchema,
} from '../../lib/http/openapi.js';
import { collaborationDocument, surveyDocument, validAnswers } from '../support/documents.js';
import { httpEvent } from '../support/events.js';
import { memoryDeps } from '../support/memory.js';

/**
 * The OpenAPI document's response schemas describe what the handlers really send: each body is read
 * back through its schema unchanged (nothing missing, nothing extra, every type right).
 */

const TOKEN = 'openapi-test-admin-token-0123456789';
const { deps, clock } = memoryDeps();
const admin = createAdminHandler(deps, {
  mode: 'local',
  adminToken: TOKEN,
  adminGroup: 'support-team',
  auditorGroup: 'auditor',
});
const respondent = createRespondentHandler(deps);
const context = { awsRequestId: 'req-test' } as Context;

const call = async (
  handler: typeof admin,
  routeKey: string,
  options: {
    path: string;
    pathParameters?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
    headers?: Record<string, string>;
  },
) => {
  const res = await handler(
    httpEvent(routeKey, {
      rawPath: options.path,
      pathParameters: options.pathParameters,
      queryStringParameters: options.query,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }),
    context,
  );
  expect(res.statusCode, res.body).toBeLessThan(300);
  return JSON.parse(res.body ?? '') as unknown;
};

const matches = (schema: z.ZodType, body: unknown) => expect(schema.parse(body)).toEqual(body);

describe('OpenAPI response schemas', () => {
  it('describe the collaboration, survey, open-survey, job-run and comments bodies as sent', async () => {
    const c = { c: 'alliance' };
    const cs = { ...c, s: 'pulse' };
    const base = '/admin/collaborations/alliance/surveys/pulse';
    const put = await call(admin, 'PUT /admin/collaborations/{c}', {
      path: '/admin/collaborations/alliance',
      pathParameters: c,
      body: collaborationDocument(),
    });
    const got = await call(admin, 'GET /admin/collaborations/{c}', {
      path: '/admin/collaborations/alliance',
      pathParameters: c,
    });
    const putSurvey = await call(admin, 'PUT /admin/collaborations/{c}/surveys/{s}', {
      path: base,
      pathParameters: cs,
      body: surveyDocument(),
    });
    const gotSurvey = await call(admin, 'GET /admin/collaborations/{c}/surveys/{s}', {
      path: base,
      pathParameters: cs,
    });
    await call(admin, 'POST /admin/collaborations/{c}/surveys/{s}/waves', {
      path: `${base}/waves`,
      pathParameters: cs,
      body: { id: 'w1' },
    });
    const issued = (await call(admin, 'POST /admin/collaborations/{c}/surveys/{s}/links', {
      path: `${base}/links`,
      pathParameters: cs,
      body: { partnerId: 'pcn', neighbourhoodId: 'north' },
    })) as { links: { url: string }[] };
    const token = new URL(issued.links[0]?.url ?? '').pathname.split('/').pop() ?? '';
    const blank = await call(respondent, 'GET /api/s/{token}', {
      path: `/api/s/${token}`,
      pathParameters: { token },
    });
    const { editKey } = (await call(respondent, 'PUT /api/s/{token}/response', {
      path: `/api/s/${token}/response`,
      pathParameters: { token },
      body: validAnswers,
    })) as { editKey: string };
    const own = await call(respondent, 'GET /api/s/{token}', {
      path: `/api/s/${token}`,
      pathParameters: { token },
      headers: { 'x-pulse-edit-key': editKey },
    });
    const run = await call(admin, 'POST /admin/aggregate', { path: '/admin/aggregate' });
    await call(admin, 'POST /admin/collaborations/{c}/surveys/{s}/waves/{w}/close', {
      path: `${base}/waves/w1/close`,
      pathParameters: { ...cs, w: 'w1' },
    });
    clock.advance(6 * 60_000);
    const comments = await call(admin, 'GET /admin/collaborations/{c}/surveys/{s}/comments', {
      path: `${base}/comments`,
      pathParameters: cs,
      query: { wave: 'w1' },
    });

    for (const body of [put, got]) matches(collaborationSchema, body);
    for (const body of [putSurvey, gotSurvey]) matches(surveySchema, body);
    for (const body of [blank, own]) matches(openSurveySchema, body);
    expect(own).toHaveProperty('answers');
    matches(runSummarySchema, run);
    expect(run).toMatchObject({ surveys: [{ collaborationId: 'alliance', status: 'published' }] });
    matches(commentsSchema, comments);
    expect(comments).toMatchObject({ purged: false, minCommentGroupSize: 10 });
  });
});
