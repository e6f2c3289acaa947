import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { auditQuerySchema } from '../domain/audit.js';
import { collaborationDocumentSchema } from '../domain/collaboration.js';
import { idSchema } from '../domain/ids.js';
import { createLinksRequestSchema, revokeLinksRequestSchema } from '../domain/link.js';
import { reportLinkRequestSchema } from '../domain/report-link.js';
import { likertValueSchema } from '../domain/response.js';
import { snapshotSchema } from '../domain/snapshot.js';
import { MAX_COMMENT_LENGTH, questionSchema, surveyDocumentSchema } from '../domain/survey.js';
import { extendWaveRequestSchema, openWaveRequestSchema, WAVE_STATUSES } from '../domain/wave.js';
import { aggregatesQuerySchema, reportQuerySchema } from './params.js';

const errorSchema = z
  .object({
    error: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .meta({ id: 'Error' });

const waveSchema = z
  .object({ id: z.string(), opensAt: z.string(), closesAt: z.string(), status: z.enum(WAVE_STATUSES) })
  .meta({ id: 'Wave' });

const participation = { invited: z.int(), responses: z.int(), responseRate: z.number().nullable() };
const waveParticipationSchema = waveSchema
  .extend({
    ...participation,
    byPartner: z.array(z.object({ id: z.string(), ...participation })),
    byNeighbourhood: z.array(z.object({ id: z.string(), ...participation })),
    purgedAt: z.string().optional().meta({
      description:
        "When retention finished deleting the wave's individual answers and comments (its figures stay)",
    }),
  })
  .meta({ id: 'WaveParticipation' });

const issuedLinkSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    partnerId: z.string(),
    partnerName: z.string(),
    neighbourhoodId: z.string(),
    neighbourhoodName: z.string(),
  })
  .meta({ id: 'IssuedLink' });

const submissionSchema = z
  .object({
    answers: z.record(z.string(), likertValueSchema),
    comments: z.record(z.string(), z.string().max(MAX_COMMENT_LENGTH)).optional(),
  })
  .meta({ id: 'ResponseSubmission', description: 'Every likert question answered (null = "don\'t know").' });

/** A collaboration as stored and returned: the document with its defaults filled in, and its id. */
export const collaborationSchema = collaborationDocumentSchema
  .extend({ id: z.string() })
  .meta({ id: 'Collaboration' });

/** A survey as stored and returned. */
export const surveySchema = surveyDocumentSchema
  .extend({ id: z.string(), collaborationId: z.string() })
  .meta({ id: 'Survey' });

/** `GET /api/s/{token}`: what a respondent needs to answer, and their own answers with the edit key. */
export const openSurveySchema = z
  .object({
    collaboration: z.object({ id: z.string(), name: z.string() }),
    survey: z.object({ id: z.string(), title: z.string() }),
    wave: waveSchema,
    questions: z.array(questionSchema),
    answers: z.record(z.string(), likertValueSchema).optional(),
    comments: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'OpenSurvey', description: '`answers` and `comments` only with a matching X-Pulse-Edit-Key' });

/** `GET …/comments`: a closed wave's comments, and the threshold they were filtered under. */
export const commentsSchema = z
  .object({
    characteristics: z.array(
      z.object({ id: z.string(), comments: z.array(z.string()), withheld: z.boolean() }),
    ),
    purged: z.boolean().meta({
      description: 'The wave’s comments were deleted under retention; `characteristics` is then empty',
    }),
    minCommentGroupSize: z.int().optional().meta({
      description:
        'The threshold these comments were filtered under: the one frozen with the wave at its first publication, which a later settings change does not reach (absent when `purged`: nothing was filtered)',
    }),
  })
  .meta({ id: 'Comments' });

/** `POST /admin/aggregate`: what the scheduled job did, per survey. */
export const runSummarySchema = z
  .object({
    startedAt: z.string(),
    finishedAt: z.string(),
    surveys: z.array(
      z.object({
        collaborationId: z.string(),
        surveyId: z.string(),
        status: z.enum(['published', 'unchanged', 'busy', 'failed', 'skipped']),
        opened: z.array(z.string()),
        closed: z.array(z.string()),
        computed: z.array(z.string()).meta({ description: 'Closed waves whose responses were read' }),
        reused: z.array(z.string()).meta({ description: 'Closed waves whose frozen sums were reused' }),
        written: z.array(z.string()).meta({ description: 'Object keys written' }),
        unsafePublished: z.array(z.string()).meta({
          description:
            'Waves published earlier that the disclosure audit, run again under its current rules, found unsafe (logged at ERROR)',
        }),
        retention: z
          .strictObject({
            purged: z
              .array(z.string())
              .meta({ description: 'Waves whose responses and comments are now all deleted' }),
            stamped: z
              .array(z.string())
              .meta({ description: 'Waves whose items now carry the TTL backstop' }),
            responses: z.int().meta({ description: 'Responses deleted by this run' }),
            pending: z
              .array(z.string())
              .meta({ description: 'Waves with retention work left for the next run' }),
          })
          .optional()
          .meta({
            description: 'What retention did (docs/privacy.md); absent when the survey stopped before it',
          }),
        error: z.string().optional(),
      }),
    ),
    failed: z.int(),
  })
  .meta({ id: 'RunSummary' });

const jsonBody = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: 'Error', ...jsonBody(errorSchema) }]));
const ok = (schema: z.ZodType, status = '200', description = 'OK') => ({
  [status]: { description, ...jsonBody(schema) },
});

const admin = (op: ZodOpenApiOperationObject): ZodOpenApiOperationObject => ({
  ...op,
  tags: ['support team'],
  security: [{ bearer: [] }],
  responses: { ...op.responses, ...errors(401, 403) },
});

const c = { c: idSchema };
const cs = { c: idSchema, s: idSchema };
const csw = { ...cs, w: idSchema };

const paths: ZodOpenApiPathsObject = {
  '/s/{token}': {
    get: {
      summary: 'The survey form (HTML)',
      tags: ['respondent'],
      requestParams: { path: z.object({ token: z.string() }) },
      responses: {
        '200': { description: 'HTML form, or a page saying when the next round opens' },
        '404': { description: 'Unknown or revoked link' },
      },
    },
    post: {
      summary: 'Submit the form (form-urlencoded)',
      tags: ['respondent'],
      requestParams: { path: z.object({ token: z.string() }) },
      responses: {
        '303': { description: 'Stored; redirect to the thank-you page' },
        '422': { description: 'The form with an error summary' },
      },
    },
  },
  '/s/{token}/thanks': {
    get: {
      summary: 'The thank-you page (HTML), for the browser that has just submitted',
      tags: ['respondent'],
      requestParams: { path: z.object({ token: z.string() }) },
      responses: {
        '200': { description: 'Thank-you page (the edit cookie is present)' },
        '303': { description: 'No edit cookie: back to the form' },
        '404': { description: 'Unknown or revoked link' },
      },
    },
  },
  '/assets/{name}': {
    get: {
      summary: "The pages' stylesheet and icon (nhsuk.css, favicon.svg)",
      tags: ['respondent'],
      requestParams: { path: z.object({ name: z.string() }) },
      responses: { '200': { description: 'The file' }, '404': { description: 'No such asset' } },
    },
  },
  '/api/s/{token}': {
    get: {
      summary: 'The open survey; with X-Pulse-Edit-Key, the stored answers',
      tags: ['respondent'],
      requestParams: {
        path: z.object({ token: z.string() }),
        header: z.object({ 'x-pulse-edit-key': z.string().optional() }),
      },
      responses: { ...ok(openSurveySchema), ...errors(404, 409) },
    },
  },
  '/api/s/{token}/response': {
    put: {
      summary: 'Store (or replace) the answers for the open wave',
      tags: ['respondent'],
      requestParams: { path: z.object({ token: z.string() }) },
      requestBody: jsonBody(submissionSchema),
      responses: {
        ...ok(z.object({ wave: z.string(), editKey: z.string() })),
        ...errors(400, 404, 409, 413, 415, 422),
      },
    },
  },
  '/admin/collaborations': {
    get: admin({
      summary: 'Every collaboration (needs the support-team group)',
      responses: {
        ...ok(z.object({ collaborations: z.array(z.object({ id: z.string(), name: z.string() })) })),
      },
    }),
  },
  '/admin/collaborations/{c}/surveys': {
    get: admin({
      summary: 'The surveys of a collaboration',
      requestParams: { path: z.object(c) },
      responses: {
        ...ok(z.object({ surveys: z.array(z.object({ id: z.string(), title: z.string() })) })),
        ...errors(404),
      },
    }),
  },
  '/admin/collaborations/{c}': {
    put: admin({
      description:
        'Thresholds below the deployment floors (PULSE_MIN_GROUP_SIZE_FLOOR, PULSE_MIN_COMMENT_GROUP_SIZE_FLOOR) are refused with 422 naming the floor. Changed settings reach only waves that have not yet published figures.',
      requestParams: { path: z.object(c) },
      requestBody: jsonBody(collaborationDocumentSchema),
      responses: { ...ok(collaborationSchema), ...errors(422) },
    }),
    get: admin({
      requestParams: { path: z.object(c) },
      responses: { ...ok(collaborationSchema), ...errors(404) },
    }),
  },
  '/admin/collaborations/{c}/surveys/{s}': {
    put: admin({
      requestParams: { path: z.object(cs) },
      requestBody: jsonBody(surveyDocumentSchema),
      responses: { ...ok(surveySchema), ...errors(404, 409, 422) },
    }),
    get: admin({
      requestParams: { path: z.object(cs) },
      responses: { ...ok(surveySchema), ...errors(404) },
    }),
  },
  '/admin/collaborations/{c}/surveys/{s}/waves': {
    post: admin({
      summary: 'Open a wave now',
      requestParams: { path: z.object(cs) },
      requestBody: jsonBody(openWaveRequestSchema),
      responses: { ...ok(waveSchema, '201'), ...errors(404, 409, 422) },
    }),
    get: admin({
      summary: 'Waves with live response counts',
      requestParams: { path: z.object(cs) },
      responses: { ...ok(z.object({ waves: z.array(waveParticipationSchema) })), ...errors(404) },
    }),
  },
  '/admin/collaborations/{c}/surveys/{s}/waves/{w}': {
    get: admin({
      summary: 'One wave with live response counts',
      requestParams: { path: z.object(csw) },
      responses: { ...ok(waveParticipationSchema), ...errors(404) },
    }),
    patch: admin({
      summary: "Move an open wave's closing time",
      requestParams: { path: z.object(csw) },
      requestBody: jsonBody(extendWaveRequestSchema),
      responses: { ...ok(waveSchema), ...errors(404, 409, 422) },
    }),
  },
  '/admin/collaborations/{c}/surveys/{s}/waves/{w}/close': {
    post: admin({
      summary: 'Close a wave now',
      requestParams: { path: z.object(csw) },
      responses: { ...ok(waveSchema), ...errors(404, 409) },
    }),
  },
  '/admin/collaborations/{c}/surveys/{s}/links': {
    post: admin({
      summary: 'Issue personal links (JSON, or CSV with Accept: text/csv)',
      requestParams: { path: z.object(cs) },
      requestBody: jsonBody(createLinksRequestSchema),
      responses: {
        '201': {
          description: 'The new links; their tokens are shown only now',
          content: {
            'application/json': {
              schema: z.object({ links: z.array(issuedLinkSchema) }),
            },
            'text/csv': {
              schema: z.string().meta({
                description: 'Columns: id,url,partnerId,partnerName,neighbourhoodId,neighbourhoodName',
              }),
            },
          },
        },
        ...errors(404, 422),
      },
    }),
    get: admin({
      summary: 'Links of a survey (never their tokens)',
      requestParams: { path: z.object(cs) },
      responses: {
        ...ok(
          z.object({
            links: z.array(
              z.object({
                id: z.string(),
                partnerId: z.string(),
                neighbourhoodId: z.string(),
                createdAt: z.string(),
                revoked: z.boolean(),
                revokedAt: z.string().optional().meta({ description: 'When it was revoked' }),
              }),
            ),
          }),
        ),
        ...errors(404),
      },
    }),
  },
  '/admin/collaborations/{c}/surveys/{s}/links/revoke': {
    post: admin({
      summary: 'Revoke every live link of a partner and/or neighbourhood (all links when both are left out)',
      requestParams: { path: z.object(cs) },
      requestBody: jsonBody(revokeLinksRequestSchema),
      responses: { ...ok(z.object({ revoked: z.int() })), ...errors(404, 422) },
    }),
  },
  '/admin/collaborations/{c}/surveys/{s}/links/{id}': {
    delete: admin({
      summary: 'Revoke a link',
      requestParams: { path: z.object({ ...cs, id: z.string() }) },
      responses: { '204': { description: 'Revoked' }, ...errors(404) },
    }),
  },
  '/admin/collaborations/{c}/surveys/{s}/aggregates': {
    get: admin({
      summary: 'The same figures as the published snapshot (JSON), or its cells as CSV',
      requestParams: {
        path: z.object(cs),
        query: aggregatesQuerySchema,
      },
      responses: {
        '200': {
          description: 'The snapshot (optionally one wave), or its cells as one flat CSV table',
          content: { 'application/json': { schema: snapshotSchema }, 'text/csv': { schema: z.string() } },
        },
        ...errors(404, 422),
      },
    }),
  },
  '/admin/collaborations/{c}/surveys/{s}/comments': {
    get: admin({
      summary: "A closed wave's comments per characteristic, shuffled, where enough were written",
      requestParams: { path: z.object(cs), query: z.object({ wave: idSchema }) },
      responses: {
        ...ok(commentsSchema),
        ...errors(404, 409, 422),
      },
    }),
  },
  '/admin/collaborations/{c}/surveys/{s}/report': {
    get: admin({
      summary: 'The results report of the latest closed round, or of round `wave` (self-contained HTML)',
      requestParams: { path: z.object(cs), query: reportQuerySchema },
      responses: {
        '200': {
          description:
            'The report (inline CSS and SVG, no script, no external request); before any round has closed, a page saying when results will appear',
          content: { 'text/html': { schema: z.string() } },
        },
        ...errors(404, 409),
      },
    }),
  },
  '/admin/collaborations/{c}/surveys/{s}/report-links': {
    post: admin({
      summary:
        'A time-limited link (S3 presigned GET) to the published report, for partners with no AWS access',
      requestParams: { path: z.object(cs) },
      requestBody: jsonBody(reportLinkRequestSchema),
      responses: {
        ...ok(
          z.object({ url: z.url(), expiresAt: z.iso.datetime() }).meta({ id: 'ReportLink' }),
          '201',
          'A link to report.html, valid until expiresAt (at most 7 days)',
        ),
        ...errors(404, 409, 422),
      },
    }),
  },
  '/admin/aggregate': {
    post: admin({
      summary: 'Run the scheduled job now',
      responses: { ...ok(runSummarySchema) },
    }),
  },
  '/admin/audit': {
    get: admin({
      summary:
        'The append-only audit trail of admin and console actions, oldest first (groups support-team and auditor)',
      requestParams: { query: auditQuerySchema },
      responses: {
        ...ok(
          z.object({
            events: z.array(
              z.object({
                id: z.string(),
                at: z.string(),
                actor: z.object({ username: z.string(), sub: z.string().nullable() }),
                action: z.string(),
                target: z.object({
                  collaborationId: z.string().optional(),
                  surveyId: z.string().optional(),
                  waveId: z.string().optional(),
                }),
                details: z.object({}).loose(),
                requestId: z.string(),
              }),
            ),
            next: z.string().nullable().meta({ description: 'Pass as `after` for the next page' }),
          }),
        ),
        ...errors(422),
      },
    }),
  },
};

/**
 * The support console's pages (HTML, form posts with a CSRF token, a signed session cookie): listed
 * so every route is described, without schemas of their own. Route key → what it does.
 */
const CONSOLE_PAGES: Record<string, string> = {
  'GET /console': 'Go to the collaborations, or to sign-in',
  'GET /console/sign-in': 'Sign-in page (the admin token locally; a button to Cognito managed login on AWS)',
  'POST /console/sign-in': 'Local mode: sign in with the admin token',
  'GET /console/callback': 'AWS: Cognito sends the browser back here with an authorization code',
  'POST /console/sign-out': 'Sign out',
  'GET /console/collaborations': "The collaborations the user's groups allow",
  'GET /console/collaborations/new': 'Form: create a collaboration',
  'POST /console/collaborations': 'Create a collaboration',
  'GET /console/collaborations/{c}': 'A collaboration: partners, neighbourhoods, framework, surveys',
  'GET /console/collaborations/{c}/edit': 'Form: edit a collaboration',
  'POST /console/collaborations/{c}': 'Save a collaboration',
  'GET /console/collaborations/{c}/surveys/new': 'Form: create a survey',
  'POST /console/collaborations/{c}/surveys': 'Create a survey',
  'GET /console/collaborations/{c}/surveys/{s}':
    'A survey: cadence in words, waves, questions by characteristic',
  'GET /console/collaborations/{c}/surveys/{s}/edit': 'Form: edit, add and reorder questions; cadence',
  'POST /console/collaborations/{c}/surveys/{s}': 'Save a survey',
  'POST /console/collaborations/{c}/surveys/{s}/waves': 'Open a wave now',
  'GET /console/collaborations/{c}/surveys/{s}/waves/{w}':
    'A wave: dates, live participation by partner and neighbourhood',
  'POST /console/collaborations/{c}/surveys/{s}/waves/{w}': "Move an open wave's closing time",
  'POST /console/collaborations/{c}/surveys/{s}/waves/{w}/close': 'Close a wave now',
  'GET /console/collaborations/{c}/surveys/{s}/links':
    'Links by partner and neighbourhood; issue and revoke forms',
  'POST /console/collaborations/{c}/surveys/{s}/links':
    'Issue links: the CSV download, or a page showing them once',
  'GET /console/collaborations/{c}/surveys/{s}/links/revoke':
    'Confirmation page: how many links would be revoked',
  'POST /console/collaborations/{c}/surveys/{s}/links/revoke':
    'Revoke one link, or in bulk by partner and/or neighbourhood',
  'GET /console/collaborations/{c}/surveys/{s}/results':
    "A closed wave's figures and comments (rule 6), downloads",
  'GET /console/collaborations/{c}/surveys/{s}/results/report':
    'The full results report of a closed wave (?wave=), as GET /admin/…/report serves it',
  'GET /console/collaborations/{c}/surveys/{s}/results/download':
    'The figures as CSV, JSON or Parquet (?format=)',
};

const consolePaths = (): ZodOpenApiPathsObject => {
  const paths: ZodOpenApiPathsObject = {};
  for (const [routeKey, summary] of Object.entries(CONSOLE_PAGES)) {
    const [method = '', path = ''] = routeKey.split(' ');
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
    const operation: ZodOpenApiOperationObject = {
      summary,
      tags: ['support console'],
      ...(names.length > 0
        ? { requestParams: { path: z.object(Object.fromEntries(names.map((n) => [n, z.string()]))) } }
        : {}),
      responses: {
        '200': { description: 'HTML page (or a download)' },
        '303': { description: 'Redirect: to sign-in without a valid session, or after a form post' },
        '403': { description: 'HTML page: no access, or a form without its CSRF token or from another site' },
      },
    };
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation };
  }
  return paths;
};

/** OpenAPI 3.1 for every route, generated from the same zod schemas that validate requests. */
export const openApiDocument = (extraPaths: ZodOpenApiPathsObject = {}) =>
  createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Alliance Pulse API',
      version: '1.0.0',
      description: 'Pulse surveys for health and care collaborations: respondent and support-team routes.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: { ...paths, ...consolePaths(), ...extraPaths },
  });
