import { commentQuestions, likertQuestions, type Survey } from '../../lib/domain/survey.js';
import type { Issue } from '../../lib/errors.js';
import { type FormValues, fieldName } from '../../lib/views/pages.js';

type FormFields = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** What was typed, kept as typed, so an invalid form can be shown again unchanged. */
export const formValues = (survey: Survey, fields: FormFields): FormValues => ({
  answers: Object.fromEntries(
    likertQuestions(survey).map((q) => [q.id, first(fields[fieldName(q.id, q.type)])]),
  ),
  comments: Object.fromEntries(
    commentQuestions(survey).map((q) => [q.id, first(fields[fieldName(q.id, q.type)]) ?? '']),
  ),
});

/**
 * The form as the JSON API's body: "dk" is "don't know" (null), a missing radio stays missing so the
 * same validation reports it, anything else is passed through as typed for validation to judge.
 */
export const submissionFromForm = (values: FormValues): unknown => ({
  answers: Object.fromEntries(
    Object.entries(values.answers)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([id, v]) => [id, v === 'dk' ? null : /^\d+$/.test(v as string) ? Number(v) : v]),
  ),
  comments: values.comments,
});

/** Field errors for the form, keyed by question id, in words for people rather than API clients. */
export const fieldErrors = (survey: Survey, issues: Issue[]): Record<string, string> => {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const [group, id] = issue.path.split('.');
    const question = survey.questions.find((q) => q.id === id);
    if (!question || errors[question.id]) continue;
    errors[question.id] =
      group === 'answers' ? `Select an answer for "${question.text}", or "Don't know"` : issue.message;
  }
  return errors;
};
