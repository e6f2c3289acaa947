import { Eta } from 'eta/core';
import type { Collaboration, ThresholdFloors } from '../domain/collaboration.js';
import type { Answers, Comments } from '../domain/response.js';
import { MAX_COMMENT_LENGTH, type Survey } from '../domain/survey.js';
import { formatLocal } from '../domain/time.js';
import type { Wave } from '../domain/wave.js';
import { layout, messagePage, surveyPage } from './templates.js';

const eta = new Eta({ autoEscape: true, autoTrim: [false, 'nl'] });
eta.loadTemplate('@layout', layout);
eta.loadTemplate('@survey', surveyPage);
eta.loadTemplate('@message', messagePage);

/** A whole page in the shared layout; the console adds the signed-in account (name, sign-out form). */
export const page = (
  title: string,
  body: string,
  serviceName?: string,
  account?: { name: string; csrf: string },
) => eta.render('@layout', { title, body, serviceName, account });

export const LIKERT_OPTIONS = [
  { value: '5', label: 'Strongly agree' },
  { value: '4', label: 'Agree' },
  { value: '3', label: 'Neither agree nor disagree' },
  { value: '2', label: 'Disagree' },
  { value: '1', label: 'Strongly disagree' },
  { value: 'dk', label: "Don't know" },
] as const;

/** Form field names: one radio group per likert question, one textarea per comment question. */
export const fieldName = (questionId: string, type: 'likert5' | 'comment') =>
  type === 'likert5' ? `q.${questionId}` : `c.${questionId}`;
export const fieldId = (questionId: string) => `q-${questionId}`;

/** What the form shows: stored answers (with the edit key) or what was typed before an error. */
export interface FormValues {
  answers: Record<string, string | undefined>;
  comments: Comments;
}

export const formValuesFrom = (stored: { answers: Answers; comments: Comments }): FormValues => ({
  answers: Object.fromEntries(
    Object.entries(stored.answers).map(([id, v]) => [id, v === null ? 'dk' : String(v)]),
  ),
  comments: stored.comments,
});

export interface SurveyPageInput {
  collaboration: Collaboration;
  survey: Survey;
  wave: Wave;
  action: string;
  values: FormValues;
  prefilled: boolean;
  /** Field errors keyed by question id. */
  errors: Record<string, string>;
  /** The thresholds in force (the collaboration's, never below the deployment floors): the page states them. */
  thresholds: ThresholdFloors;
}

/** The survey form: questions grouped by characteristic, in framework order. */
export const renderSurveyPage = (input: SurveyPageInput): string => {
  const { collaboration, survey, values, errors } = input;
  const sections = collaboration.framework.characteristics
    .map((c) => ({
      name: c.name,
      description: c.description,
      questions: survey.questions
        .filter((q) => q.characteristic === c.id)
        .map((q) => ({
          type: q.type,
          text: q.text,
          name: fieldName(q.id, q.type),
          fieldId: fieldId(q.id),
          error: errors[q.id],
          value: values.comments[q.id] ?? '',
          options: LIKERT_OPTIONS.map((o) => ({ ...o, checked: values.answers[q.id] === o.value })),
        })),
    }))
    .filter((s) => s.questions.length > 0);
  const errorList = survey.questions
    .filter((q) => errors[q.id])
    .map((q) => ({ href: fieldId(q.id), message: errors[q.id] }));
  const body = eta.render('@survey', {
    errors: errorList,
    collaborationName: collaboration.name,
    surveyTitle: survey.title,
    closesAt: formatLocal(input.wave.closesAt, collaboration.timeZone),
    minGroupSize: input.thresholds.minGroupSize,
    minCommentGroupSize: input.thresholds.minCommentGroupSize,
    maxCommentLength: MAX_COMMENT_LENGTH.toLocaleString('en-GB'),
    prefilled: input.prefilled,
    action: input.action,
    sections,
  });
  return page(errorList.length > 0 ? `Error: ${survey.title}` : survey.title, body, collaboration.name);
};

export const renderMessagePage = (input: {
  title: string;
  heading: string;
  paragraphs: string[];
  panel?: boolean;
  serviceName?: string;
}): string => page(input.title, eta.render('@message', input), input.serviceName);
