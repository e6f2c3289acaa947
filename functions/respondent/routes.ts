import type { AppDeps } from '../../lib/app/deps.js';
import { holdsEditKey, openSurveyForLink, readOwnAnswers, submitResponse } from '../../lib/app/respond.js';
import { thresholdsFor } from '../../lib/domain/collaboration.js';
import { publicWave } from '../../lib/domain/wave.js';
import { ValidationError } from '../../lib/errors.js';
import { htmlPage, redirect } from '../../lib/http/html.js';
import { type HttpEvent, type HttpResult, header, json, pathParam } from '../../lib/http/types.js';
import { formValuesFrom, renderMessagePage, renderSurveyPage } from '../../lib/views/pages.js';
import type { RouteMap } from '../routes.js';
import { editCookie, readEditCookie } from './edit-cookie.js';
import { fieldErrors, formValues, submissionFromForm } from './form.js';

export const EDIT_KEY_HEADER = 'x-pulse-edit-key';

type Route = (deps: AppDeps, event: HttpEvent) => Promise<HttpResult>;

/** The respondent's routes. The token in the path is the capability (privacy rule 8). */
export const respondentRoutes: RouteMap<'respondent', Route> = {
  'GET /s/{token}': async (deps, event) => {
    const token = pathParam(event, 'token');
    const open = await openSurveyForLink(deps, token);
    const own = await readOwnAnswers(deps, open, token, readEditCookie(event));
    return htmlPage(
      200,
      renderSurveyPage({
        ...open,
        action: `/s/${encodeURIComponent(token)}`,
        values: own ? formValuesFrom(own) : { answers: {}, comments: {} },
        prefilled: own !== null,
        errors: {},
        thresholds: thresholdsFor(open.collaboration, deps.thresholdFloors),
      }),
    );
  },

  'POST /s/{token}': async (deps, event) => {
    const token = pathParam(event, 'token');
    const open = await openSurveyForLink(deps, token);
    const fields = (typeof event.body === 'object' && event.body !== null ? event.body : {}) as Record<
      string,
      string | string[]
    >;
    const values = formValues(open.survey, fields);
    try {
      const { editKey } = await submitResponse(deps, open, token, submissionFromForm(values));
      return {
        ...redirect(`/s/${encodeURIComponent(token)}/thanks`),
        cookies: [editCookie(event, token, editKey, open.wave.closesAt)],
      };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return htmlPage(
        422,
        renderSurveyPage({
          ...open,
          action: `/s/${encodeURIComponent(token)}`,
          values,
          prefilled: false,
          errors: fieldErrors(open.survey, error.issues),
          thresholds: thresholdsFor(open.collaboration, deps.thresholdFloors),
        }),
      );
    }
  },

  'GET /s/{token}/thanks': async (deps, event) => {
    const token = pathParam(event, 'token');
    const open = await openSurveyForLink(deps, token);
    // Only a browser that has just submitted (it holds the edit key) is thanked; others see the form.
    if (!(await holdsEditKey(deps, open, token, readEditCookie(event)))) {
      return redirect(`/s/${encodeURIComponent(token)}`);
    }
    return htmlPage(
      200,
      renderMessagePage({
        title: 'Thank you',
        heading: 'Thank you, your answers have been recorded',
        panel: true,
        serviceName: open.collaboration.name,
        paragraphs: [
          `Your answers count towards the ${open.wave.id} round of ${open.survey.title}.`,
          'You can change them until the round closes by opening your link again in this browser. Submitting again replaces your earlier answers.',
        ],
      }),
    );
  },

  'GET /api/s/{token}': async (deps, event) => {
    const token = pathParam(event, 'token');
    const open = await openSurveyForLink(deps, token);
    const own = await readOwnAnswers(deps, open, token, header(event, EDIT_KEY_HEADER));
    return json(200, {
      collaboration: { id: open.collaboration.id, name: open.collaboration.name },
      survey: { id: open.survey.id, title: open.survey.title },
      wave: publicWave(open.wave),
      questions: open.survey.questions,
      ...(own ? { answers: own.answers, comments: own.comments } : {}),
    });
  },

  'PUT /api/s/{token}/response': async (deps, event) => {
    const token = pathParam(event, 'token');
    return json(200, await submitResponse(deps, await openSurveyForLink(deps, token), token, event.body));
  },
};
