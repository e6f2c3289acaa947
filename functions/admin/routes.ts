import type { SupportTeamDeps } from '../../lib/app/job-deps.js';
import {
  getCollaboration,
  getSurvey,
  listCollaborations,
  listSurveys,
  putCollaboration,
  putSurvey,
} from '../../lib/app/manage-collaborations.js';
import {
  createLinks,
  linkRows,
  linksCsv,
  listLinks,
  revokeLink,
  revokeLinks,
} from '../../lib/app/manage-links.js';
import {
  closeWave,
  extendWave,
  getWaveParticipation,
  listWaves,
  openWave,
} from '../../lib/app/manage-waves.js';
import { downloadAggregates, readComments } from '../../lib/app/read-aggregates.js';
import { readAuditTrail } from '../../lib/app/read-audit-trail.js';
import { createReportLink, readReport } from '../../lib/app/read-report.js';
import { runAggregationNow } from '../../lib/app/run-aggregation.js';
import { encodeCsv } from '../../lib/app/snapshot-files.js';
import { htmlPage } from '../../lib/http/html.js';
import type { RouteHandler } from '../../lib/http/http-function.js';
import {
  aggregatesQuerySchema,
  commentsQuerySchema,
  parseQuery,
  reportQuerySchema,
} from '../../lib/http/params.js';
import { type HttpEvent, header, json, noContent, originOf, pathParam } from '../../lib/http/types.js';
import { REPORT_CSP } from '../../lib/report/render-report.js';
import type { RouteMap } from '../routes.js';
import { actorOf } from './actor.js';

const ids = (event: HttpEvent) => ({ c: pathParam(event, 'c'), s: event.pathParameters?.s ?? '' });

/** The support team's routes, by route key. Each parses the path, calls one use case and shapes the reply. */
export const adminRoutes: RouteMap<'admin', RouteHandler<SupportTeamDeps>> = {
  'GET /admin/collaborations': async (deps) => json(200, { collaborations: await listCollaborations(deps) }),

  'PUT /admin/collaborations/{c}': async (deps, event) =>
    json(200, await putCollaboration(deps, actorOf(event), pathParam(event, 'c'), event.body)),

  'GET /admin/collaborations/{c}': async (deps, event) =>
    json(200, await getCollaboration(deps, pathParam(event, 'c'))),

  'PUT /admin/collaborations/{c}/surveys/{s}': async (deps, event) => {
    const { c, s } = ids(event);
    return json(200, await putSurvey(deps, actorOf(event), c, s, event.body));
  },

  'GET /admin/collaborations/{c}/surveys': async (deps, event) =>
    json(200, { surveys: await listSurveys(deps, pathParam(event, 'c')) }),

  'GET /admin/collaborations/{c}/surveys/{s}': async (deps, event) => {
    const { c, s } = ids(event);
    return json(200, await getSurvey(deps, c, s));
  },

  'POST /admin/collaborations/{c}/surveys/{s}/waves': async (deps, event) => {
    const { c, s } = ids(event);
    return json(201, await openWave(deps, actorOf(event), c, s, event.body));
  },

  'GET /admin/collaborations/{c}/surveys/{s}/waves': async (deps, event) => {
    const { c, s } = ids(event);
    return json(200, { waves: await listWaves(deps, c, s) });
  },

  'GET /admin/collaborations/{c}/surveys/{s}/waves/{w}': async (deps, event) => {
    const { c, s } = ids(event);
    return json(200, await getWaveParticipation(deps, c, s, pathParam(event, 'w')));
  },

  'PATCH /admin/collaborations/{c}/surveys/{s}/waves/{w}': async (deps, event) => {
    const { c, s } = ids(event);
    return json(200, await extendWave(deps, actorOf(event), c, s, pathParam(event, 'w'), event.body));
  },

  'POST /admin/collaborations/{c}/surveys/{s}/waves/{w}/close': async (deps, event) => {
    const { c, s } = ids(event);
    return json(200, await closeWave(deps, actorOf(event), c, s, pathParam(event, 'w')));
  },

  'POST /admin/collaborations/{c}/surveys/{s}/links': async (deps, event) => {
    const { c, s } = ids(event);
    const issued = await createLinks(deps, actorOf(event), c, s, event.body);
    const origin = deps.publicBaseUrl ?? originOf(event);
    if (header(event, 'accept')?.includes('text/csv')) {
      return {
        statusCode: 201,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store' },
        body: linksCsv(issued, origin),
      };
    }
    return json(201, { links: linkRows(issued, origin) }, { 'cache-control': 'no-store' });
  },

  'GET /admin/collaborations/{c}/surveys/{s}/links': async (deps, event) => {
    const { c, s } = ids(event);
    return json(200, { links: await listLinks(deps, c, s) });
  },

  'POST /admin/collaborations/{c}/surveys/{s}/links/revoke': async (deps, event) => {
    const { c, s } = ids(event);
    return json(200, await revokeLinks(deps, actorOf(event), c, s, event.body));
  },

  'DELETE /admin/collaborations/{c}/surveys/{s}/links/{id}': async (deps, event) => {
    const { c, s } = ids(event);
    await revokeLink(deps, actorOf(event), c, s, pathParam(event, 'id'));
    return noContent();
  },

  'GET /admin/collaborations/{c}/surveys/{s}/aggregates': async (deps, event) => {
    const { c, s } = ids(event);
    const { format, wave } = parseQuery(event, aggregatesQuerySchema);
    const snapshot = await downloadAggregates(deps, actorOf(event), c, s, { wave, format });
    if (format === 'json') return json(200, snapshot, { 'cache-control': 'no-store' });
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${c}-${s}-aggregates.csv"`,
        'cache-control': 'no-store',
      },
      body: new TextDecoder().decode(encodeCsv(snapshot)),
    };
  },

  'GET /admin/collaborations/{c}/surveys/{s}/comments': async (deps, event) => {
    const { c, s } = ids(event);
    const { wave } = parseQuery(event, commentsQuerySchema);
    return json(200, await readComments(deps, actorOf(event), c, s, wave), {
      'cache-control': 'no-store',
    });
  },

  'GET /admin/collaborations/{c}/surveys/{s}/report': async (deps, event) => {
    const { c, s } = ids(event);
    const html = await readReport(deps, actorOf(event), c, s, parseQuery(event, reportQuerySchema).wave);
    // The report's own policy (also in its <meta>), plus what only a header can say: no framing.
    return htmlPage(200, html, { 'content-security-policy': `${REPORT_CSP}; frame-ancestors 'none'` });
  },

  'POST /admin/collaborations/{c}/surveys/{s}/report-links': async (deps, event) => {
    const { c, s } = ids(event);
    return json(201, await createReportLink(deps, actorOf(event), c, s, event.body), {
      'cache-control': 'no-store',
    });
  },

  // API Gateway gives a request 30 s: start no survey after 20 s; the schedule picks up the rest.
  'POST /admin/aggregate': async (deps, event) =>
    json(
      200,
      await runAggregationNow(deps, actorOf(event), { deadline: new Date(deps.now().getTime() + 20_000) }),
    ),

  'GET /admin/audit': async (deps, event) =>
    json(200, await readAuditTrail(deps, actorOf(event), event.queryStringParameters ?? {}), {
      'cache-control': 'no-store',
    }),
};
