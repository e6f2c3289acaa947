import { getCollaboration, getSurvey } from '../../../lib/app/manage-collaborations.js';
import { listWaves } from '../../../lib/app/manage-waves.js';
import { downloadAggregates, readAggregates, readComments } from '../../../lib/app/read-aggregates.js';
import { readReport } from '../../../lib/app/read-report.js';
import { encodeCsv, encodeJson, encodeParquet } from '../../../lib/app/snapshot-files.js';
import { thresholdsFor } from '../../../lib/domain/collaboration.js';
import { retentionMonthsFor } from '../../../lib/domain/retention.js';
import { localDay } from '../../../lib/domain/time.js';
import { NotFoundError } from '../../../lib/errors.js';
import { htmlPage } from '../../../lib/http/html.js';
import { parseQuery, reportQuerySchema } from '../../../lib/http/params.js';
import { REPORT_CSP } from '../../../lib/report/render-report.js';
import { type ConsoleRoute, signedIn } from '../auth.js';
import { selectOf } from '../forms.js';

import { crumbsFor, figuresPending, ids, percent, show, surveyPath } from './common.js';

const BAND_NAMES: Record<string, string> = {
  strength: 'Strength',
  borderline: 'Borderline',
  concern: 'Concern',
};

const DOWNLOADS = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  json: { type: 'application/json; charset=utf-8', ext: 'json' },
  parquet: { type: 'application/vnd.apache.parquet', ext: 'parquet' },
} as const;

export const resultsRoutes: Record<string, ConsoleRoute> = {
  'GET /console/collaborations/{c}/surveys/{s}/results': signedIn(async (deps, event, viewer) => {
    const { c, s } = ids(event);
    const [collaboration, survey, waves] = await Promise.all([
      getCollaboration(deps.app, c),
      getSurvey(deps.app, c, s),
      listWaves(deps.app, c, s),
    ]);
    const closed = waves.filter((w) => w.status === 'closed').reverse();
    const requested = event.queryStringParameters?.wave;
    const wave = requested ? closed.find((w) => w.id === requested) : closed[0];
    if (requested && !wave) throw new NotFoundError(`Wave "${requested}" has not closed or does not exist`);
    const tz = collaboration.timeZone;
    let data: Record<string, unknown> = { waves: [] };
    if (wave) {
      const pending = figuresPending(wave.closesAt, tz, deps.app.now());
      const snapshot = pending ? null : await readAggregates(deps.app, c, s, wave.id);
      const names = new Map(collaboration.framework.characteristics.map((ch) => [ch.id, ch.name]));
      const cells = snapshot?.cells ?? [];
      // The threshold the wave was published under, which a later settings change does not reach.
      const k =
        snapshot?.waves.find((w) => w.id === wave.id)?.minGroupSize ??
        thresholdsFor(collaboration, deps.app.thresholdFloors).minGroupSize;
      const fewResponses = wave.responses < k;
      // Characteristics this wave asked about are those with question rows (the wave's own version).
      const asked = new Set(
        cells.filter((cell) => cell.question !== null).map((cell) => cell.characteristic),
      );
      const overall = cells.filter(
        (cell) => cell.dimension === 'overall' && cell.question === null && asked.has(cell.characteristic),
      );
      // Comments appear with the figures (rule 4), not before.
      const comments = pending ? null : await readComments(deps.app, viewer.actor, c, s, wave.id);
      data = {
        waves: closed,
        wave: wave.id,
        pending,
        // The full results report of this wave, once its figures have settled (the same use case as the admin route).
        report: pending ? null : `${surveyPath(c, s)}/results/report?wave=${encodeURIComponent(wave.id)}`,
        participation: `${wave.responses} of ${wave.invited} invited people answered (${percent(wave.responseRate)}).`,
        waveSelect: selectOf(
          'wave',
          'Wave',
          wave.id,
          closed.map((w) => ({
            value: w.id,
            text: `${w.id} (closed ${localDay(new Date(w.closesAt), tz)})`,
          })),
          {},
        ),
        rows: overall.map((cell) => ({
          name: cell.characteristicName,
          n: cell.suppressed ? (fewResponses ? `fewer than ${k}` : 'hidden') : cell.n,
          mean: cell.mean === null ? '–' : cell.mean.toFixed(2),
          favourable: cell.favourable === null ? '–' : percent(cell.favourable),
          band: cell.band
            ? BAND_NAMES[cell.band]
            : cell.suppressed
              ? fewResponses
                ? 'Hidden (too few responses)'
                : 'Hidden (to protect privacy)'
              : 'No responses',
        })),
        comments:
          comments?.characteristics.map((ch) => ({
            ...ch,
            name:
              overall.find((cell) => cell.characteristic === ch.id)?.characteristicName ??
              names.get(ch.id) ??
              ch.id,
          })) ?? null,
        commentsPurged: comments?.purged ?? false,
        retentionMonths: retentionMonthsFor(collaboration, deps.app.retentionMonths),
        // The threshold these comments were filtered under (frozen with the wave), not today's setting.
        minCommentGroupSize: comments && !comments.purged ? comments.minCommentGroupSize : null,
      };
    }
    return show(
      200,
      'results',
      { report: null, ...data, base: surveyPath(c, s), surveyTitle: survey.title },
      viewer,
      { title: `Results: ${survey.title}`, crumbs: crumbsFor(collaboration, survey) },
    );
  }),

  /** The results report, exactly as `GET /admin/…/report` serves it (same use case, same audit record). */
  'GET /console/collaborations/{c}/surveys/{s}/results/report': signedIn(async (deps, event, viewer) => {
    const { c, s } = ids(event);
    const { wave } = parseQuery(event, reportQuerySchema);
    const html = await readReport(deps.app, viewer.actor, c, s, wave);
    return htmlPage(200, html, { 'content-security-policy': `${REPORT_CSP}; frame-ancestors 'none'` });
  }),

  /** The same figures as `GET /admin/…/aggregates`, plus Parquet (the snapshot's encoder). */
  'GET /console/collaborations/{c}/surveys/{s}/results/download': signedIn(async (deps, event, viewer) => {
    const { c, s } = ids(event);
    const requested = event.queryStringParameters?.format ?? 'csv';
    if (!Object.hasOwn(DOWNLOADS, requested)) throw new NotFoundError('Unknown download format');
    const format = requested as keyof typeof DOWNLOADS;
    const kind = DOWNLOADS[format];
    const snapshot = await downloadAggregates(deps.app, viewer.actor, c, s, { wave: undefined, format });
    const bytes =
      format === 'csv'
        ? encodeCsv(snapshot)
        : format === 'json'
          ? encodeJson(snapshot)
          : encodeParquet(snapshot);
    return {
      statusCode: 200,
      headers: {
        'content-type': kind.type,
        'content-disposition': `attachment; filename="${c}-${s}-figures.${kind.ext}"`,
        'cache-control': 'no-store',
      },
      body: Buffer.from(bytes).toString('base64'),
      isBase64Encoded: true,
    };
  }),
};
