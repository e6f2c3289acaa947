import { getCollaboration, getSurvey, putSurvey } from '../../../lib/app/manage-collaborations.js';
import { listWaves } from '../../../lib/app/manage-waves.js';
import type { Collaboration } from '../../../lib/domain/collaboration.js';
import type { Survey } from '../../../lib/domain/survey.js';
import { formatLocal } from '../../../lib/domain/time.js';
import { ConflictError } from '../../../lib/errors.js';
import { pathParam } from '../../../lib/http/types.js';
import { type ConsoleRoute, signedIn, type Viewer } from '../auth.js';
import {
  type Fields,
  fieldsOf,
  noIssues,
  type PlacedIssues,
  SPARE_ROWS,
  submitForm,
  surveyDocumentFrom,
  surveyForm,
  surveyFormFrom,
  surveyFormView,
} from '../forms.js';

import {
  assertFreeId,
  cadenceInWords,
  collaborationPath,
  crumbsFor,
  ids,
  noticeOf,
  STATUS_TAGS,
  show,
  surveyPath,
} from './common.js';

const renderSurveyForm = async (
  deps: Parameters<ConsoleRoute>[0],
  viewer: Viewer,
  collaboration: Collaboration,
  survey: Survey | null,
  form: ReturnType<typeof surveyForm>,
  placed: PlacedIssues,
  status: number,
  spare = SPARE_ROWS,
) => {
  const waves = survey ? await listWaves(deps.app, collaboration.id, survey.id) : [];
  const heading = survey ? `Edit ${survey.title}` : 'Create a survey';
  return show(
    status,
    'surveyForm',
    {
      ...surveyFormView(form, collaboration, placed.errors, spare),
      isNew: survey === null,
      heading,
      openWave: waves.find((w) => w.status === 'open')?.id,
      action: survey
        ? surveyPath(collaboration.id, survey.id)
        : `${collaborationPath(collaboration.id)}/surveys`,
      csrf: viewer.csrf,
    },
    viewer,
    { title: heading, crumbs: crumbsFor(collaboration, survey ?? undefined), errors: placed.summary },
  );
};

const saveSurvey = async (
  deps: Parameters<ConsoleRoute>[0],
  viewer: Viewer,
  collaboration: Collaboration,
  fields: Fields,
  existing: Survey | null,
) => {
  const form = surveyFormFrom(fields);
  const id = existing?.id ?? form.id;
  const { document, remap } = surveyDocumentFrom(form);
  const render = (placed: PlacedIssues, status: number, spare?: number) =>
    renderSurveyForm(deps, viewer, collaboration, existing, form, placed, status, spare);
  return submitForm(fields, {
    render,
    remap,
    listOf: (path) => (path.startsWith('questions') ? 'questions' : null),
    save: async () => {
      try {
        if (existing === null) {
          await assertFreeId(id, () => deps.app.stores.surveys.get(collaboration.id, id));
        }
        await putSurvey(deps.app, viewer.actor, collaboration.id, id, document);
        return undefined;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        const message = `${error.message}. Close it first, or change only the title and cadence.`;
        return render({ errors: {}, summary: [{ href: 'questions', message }] }, 409);
      }
    },
    done: `${surveyPath(collaboration.id, id)}?done=saved`,
  });
};

export const surveysRoutes: Record<string, ConsoleRoute> = {
  'GET /console/collaborations/{c}/surveys/new': signedIn(async (deps, event, viewer) => {
    const collaboration = await getCollaboration(deps.app, pathParam(event, 'c'));
    return renderSurveyForm(deps, viewer, collaboration, null, surveyForm(null), noIssues(), 200);
  }),

  'POST /console/collaborations/{c}/surveys': signedIn(async (deps, event, viewer) => {
    const collaboration = await getCollaboration(deps.app, pathParam(event, 'c'));
    return saveSurvey(deps, viewer, collaboration, fieldsOf(event.body), null);
  }),

  'GET /console/collaborations/{c}/surveys/{s}': signedIn(async (deps, event, viewer) => {
    const { c, s } = ids(event);
    const [collaboration, survey, waves] = await Promise.all([
      getCollaboration(deps.app, c),
      getSurvey(deps.app, c, s),
      listWaves(deps.app, c, s),
    ]);
    const tz = collaboration.timeZone;
    const sections = collaboration.framework.characteristics
      .map((ch) => ({
        name: ch.name,
        questions: survey.questions
          .filter((q) => q.characteristic === ch.id)
          .map((q) => ({ ...q, kind: q.type === 'likert5' ? 'agree–disagree' : 'comment' })),
      }))
      .filter((section) => section.questions.length > 0);
    return show(
      200,
      'survey',
      {
        base: surveyPath(c, s),
        collaborationName: collaboration.name,
        title: survey.title,
        cadence: cadenceInWords(survey, tz),
        waveLengthDays: survey.cadence.waveLengthDays,
        waves: [...waves].reverse().map((w) => ({
          ...w,
          tag: STATUS_TAGS[w.status],
          opensAt: formatLocal(w.opensAt, tz),
          closesAt: formatLocal(w.closesAt, tz),
        })),
        canOpen: !waves.some((w) => w.status === 'open'),
        sections,
        csrf: viewer.csrf,
      },
      viewer,
      { title: survey.title, crumbs: crumbsFor(collaboration), notice: noticeOf(event) },
    );
  }),

  'GET /console/collaborations/{c}/surveys/{s}/edit': signedIn(async (deps, event, viewer) => {
    const { c, s } = ids(event);
    const [collaboration, survey] = await Promise.all([
      getCollaboration(deps.app, c),
      getSurvey(deps.app, c, s),
    ]);
    return renderSurveyForm(deps, viewer, collaboration, survey, surveyForm(survey), noIssues(), 200);
  }),

  'POST /console/collaborations/{c}/surveys/{s}': signedIn(async (deps, event, viewer) => {
    const { c, s } = ids(event);
    const [collaboration, survey] = await Promise.all([
      getCollaboration(deps.app, c),
      getSurvey(deps.app, c, s),
    ]);
    return saveSurvey(deps, viewer, collaboration, fieldsOf(event.body), survey);
  }),
};
