import { getCollaboration, getSurvey } from '../../../lib/app/manage-collaborations.js';
import { closeWave, extendWave, getWaveParticipation, openWave } from '../../../lib/app/manage-waves.js';
import { thresholdsFor } from '../../../lib/domain/collaboration.js';
import type { Participation } from '../../../lib/domain/participation.js';
import { formatLocal, fromLocal } from '../../../lib/domain/time.js';
import { ConflictError, ValidationError } from '../../../lib/errors.js';
import { redirect } from '../../../lib/http/html.js';
import type { HttpEvent } from '../../../lib/http/types.js';
import { type ConsoleRoute, signedIn, type Viewer } from '../auth.js';
import { field, fieldsOf, inputOf } from '../forms.js';

import {
  crumbsFor,
  figuresPending,
  ids,
  noticeOf,
  percent,
  STATUS_TAGS,
  show,
  surveyPath,
} from './common.js';

const participationTable = (
  caption: string,
  dimension: string,
  rows: ({ id: string } & Participation)[],
  names: Map<string, string>,
) => ({
  caption,
  dimension,
  rows: rows.map((r) => ({
    name: names.get(r.id) ?? r.id,
    invited: r.invited,
    responses: r.responses,
    rate: percent(r.responseRate),
    percent: Math.min(100, Math.round((r.responseRate ?? 0) * 100)),
  })),
});

const renderWave = async (
  deps: Parameters<ConsoleRoute>[0],
  event: HttpEvent,
  viewer: Viewer,
  closeValues: { date: string; time: string },
  errors: Record<string, string>,
  status: number,
) => {
  const { c, s, w } = ids(event);
  const [collaboration, survey, wave] = await Promise.all([
    getCollaboration(deps.app, c),
    getSurvey(deps.app, c, s),
    getWaveParticipation(deps.app, c, s, w),
  ]);
  const tz = collaboration.timeZone;
  const summary = Object.entries(errors).map(([name, message]) => ({ href: name, message }));
  return show(
    status,
    'wave',
    {
      ...wave,
      base: surveyPath(c, s),
      surveyTitle: survey.title,
      tag: STATUS_TAGS[wave.status],
      opensAt: formatLocal(wave.opensAt, tz),
      closesAt: formatLocal(wave.closesAt, tz),
      purgedAt: wave.purgedAt ? formatLocal(wave.purgedAt, tz) : null,
      rate: percent(wave.responseRate),
      // The threshold in force (never below the deployment's floor), which is what results apply.
      minGroupSize: thresholdsFor(collaboration, deps.app.thresholdFloors).minGroupSize,
      figuresNote: wave.status === 'closed' ? figuresPending(wave.closesAt, tz, deps.app.now()) : null,
      byPartner: participationTable(
        'By partner',
        'Partner',
        wave.byPartner,
        new Map(collaboration.partners.map((p) => [p.id, p.name])),
      ),
      byNeighbourhood: participationTable(
        'By neighbourhood',
        'Neighbourhood',
        wave.byNeighbourhood,
        new Map(collaboration.neighbourhoods.map((n) => [n.id, n.name])),
      ),
      fields: {
        closeDate: inputOf('closeDate', 'New closing date', closeValues.date, errors, {
          type: 'date',
          width: 10,
        }),
        closeTime: inputOf('closeTime', 'New closing time', closeValues.time, errors, {
          type: 'time',
          width: 5,
          hint: `In ${tz} time.`,
        }),
      },
      csrf: viewer.csrf,
    },
    viewer,
    {
      title: `Wave ${wave.id}`,
      crumbs: crumbsFor(collaboration, survey),
      errors: summary,
      notice: noticeOf(event),
    },
  );
};

export const wavesRoutes: Record<string, ConsoleRoute> = {
  'POST /console/collaborations/{c}/surveys/{s}/waves': signedIn(async (deps, event, viewer) => {
    const { c, s } = ids(event);
    try {
      const wave = await openWave(deps.app, viewer.actor, c, s, {});
      return redirect(`${surveyPath(c, s)}/waves/${wave.id}?done=opened`);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return show(
        409,
        'message',
        {
          heading: 'The wave could not be opened',
          paragraphs: [error.message],
          back: { href: surveyPath(c, s), text: 'Back to the survey' },
        },
        viewer,
        { title: 'Wave not opened' },
      );
    }
  }),

  'GET /console/collaborations/{c}/surveys/{s}/waves/{w}': signedIn(async (deps, event, viewer) =>
    renderWave(deps, event, viewer, { date: '', time: '' }, {}, 200),
  ),

  'POST /console/collaborations/{c}/surveys/{s}/waves/{w}': signedIn(async (deps, event, viewer) => {
    const { c, s, w } = ids(event);
    const fields = fieldsOf(event.body);
    const values = { date: field(fields, 'closeDate'), time: field(fields, 'closeTime') };
    const collaboration = await getCollaboration(deps.app, c);
    const wellFormed = /^\d{4}-\d{2}-\d{2}$/.test(values.date) && /^\d{2}:\d{2}$/.test(values.time);
    if (!wellFormed) {
      return renderWave(
        deps,
        event,
        viewer,
        values,
        { closeDate: 'Enter the new closing date and time' },
        422,
      );
    }
    try {
      const closesAt = fromLocal(`${values.date}T${values.time}:00`, collaboration.timeZone).toISOString();
      await extendWave(deps.app, viewer.actor, c, s, w, { closesAt });
    } catch (error) {
      if (error instanceof ValidationError) {
        return renderWave(
          deps,
          event,
          viewer,
          values,
          { closeDate: 'The new closing time must be in the future' },
          422,
        );
      }
      if (error instanceof ConflictError) {
        return renderWave(deps, event, viewer, values, { closeDate: 'This wave is no longer open' }, 409);
      }
      throw error;
    }
    return redirect(`${surveyPath(c, s)}/waves/${w}?done=moved`);
  }),

  'POST /console/collaborations/{c}/surveys/{s}/waves/{w}/close': signedIn(async (deps, event, viewer) => {
    const { c, s, w } = ids(event);
    await closeWave(deps.app, viewer.actor, c, s, w);
    return redirect(`${surveyPath(c, s)}/waves/${w}?done=closed`);
  }),
};
