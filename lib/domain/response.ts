import * as z from 'zod';
import type { Sector } from './collaboration.js';
import { commentQuestions, likertQuestions, MAX_COMMENT_LENGTH, type Survey } from './survey.js';

/** Answers keyed by question id: 1 (strongly disagree) … 5 (strongly agree), null = "don't know". */
export type Answers = Record<string, number | null>;
export type Comments = Record<string, string>;

export interface ResponseSubmission {
  answers: Answers;
  comments: Comments;
}

/** A stored response: no token, no name, no time of day. */
export interface ResponseRecord {
  waveId: string;
  partnerId: string;
  neighbourhoodId: string;
  sector: Sector;
  /** The local calendar day it was (last) submitted, YYYY-MM-DD. */
  day: string;
  answers: Answers;
}

/** A stored comment: only wave, question and characteristic. */
export interface CommentRecord {
  waveId: string;
  questionId: string;
  characteristic: string;
  text: string;
}

const LIKERT_HINT = 'a whole number from 1 to 5, or null for "don\'t know"';
export const likertValueSchema = z
  .int({
    error: (issue) =>
      issue.input === undefined ? `Missing answer: give ${LIKERT_HINT}` : `Answer with ${LIKERT_HINT}`,
  })
  .min(1, { error: `Answer with ${LIKERT_HINT}` })
  .max(5, { error: `Answer with ${LIKERT_HINT}` })
  .nullable();

/**
 * The schema of `PUT /api/s/{token}/response` for one survey: every likert question answered (a value
 * or null), no unknown question ids, comments only for comment questions and at most 2,000 characters.
 */
export const submissionSchemaFor = (survey: Pick<Survey, 'questions'>) => {
  const likert = likertQuestions(survey);
  const comment = commentQuestions(survey);
  const answers = z.strictObject(
    Object.fromEntries(likert.map((q) => [q.id, likertValueSchema])) as Record<
      string,
      typeof likertValueSchema
    >,
  );
  const commentText = z.string().max(MAX_COMMENT_LENGTH, {
    message: `Comments can be at most ${MAX_COMMENT_LENGTH.toLocaleString('en-GB')} characters`,
  });
  const comments = z.strictObject(
    Object.fromEntries(comment.map((q) => [q.id, commentText.optional()])) as Record<
      string,
      z.ZodOptional<typeof commentText>
    >,
  );
  return z.strictObject({ answers, comments: comments.default({}) }).transform((s): ResponseSubmission => {
    const kept: Comments = {};
    for (const [id, text] of Object.entries(s.comments)) {
      const trimmed = text?.trim();
      if (trimmed) kept[id] = trimmed;
    }
    return { answers: s.answers as Answers, comments: kept };
  });
};
