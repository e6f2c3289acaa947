import * as z from 'zod';
import type { Collaboration } from './collaboration.js';
import { idSchema, uniqueIds } from './ids.js';

export const QUESTION_TYPES = ['likert5', 'comment'] as const;
export const MAX_COMMENT_LENGTH = 2000;

export const questionSchema = z.strictObject({
  id: idSchema,
  characteristic: idSchema,
  text: z.string().trim().min(1).max(500),
  type: z.enum(QUESTION_TYPES),
});
export type Question = z.infer<typeof questionSchema>;

/** A wall-clock time read in the collaboration's time zone, e.g. 2027-01-04T09:00:00. */
export const localDateTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, {
  message: 'Use a local date and time without offset, e.g. 2027-01-04T09:00:00',
});

export const cadenceSchema = z
  .strictObject({
    intervalDays: z.int().min(1).max(366),
    waveLengthDays: z.int().min(1).max(366),
    firstWaveOpensAt: localDateTimeSchema,
  })
  .refine((c) => c.waveLengthDays <= c.intervalDays, {
    path: ['waveLengthDays'],
    message: 'A wave cannot last longer than the interval between waves',
  });
export type Cadence = z.infer<typeof cadenceSchema>;

/** Body of `PUT /admin/collaborations/{c}/surveys/{s}`. */
export const surveyDocumentSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  questions: uniqueIds(questionSchema)
    .min(1)
    .max(200)
    .refine((qs) => qs.some((q) => q.type === 'likert5'), {
      message: 'A survey needs at least one likert5 question',
    }),
  cadence: cadenceSchema,
});
export type SurveyDocument = z.infer<typeof surveyDocumentSchema>;
export type Survey = SurveyDocument & { id: string; collaborationId: string };

/** Issues with a survey that only the collaboration can reveal (questions mapped to unknown characteristics). */
export const surveyIssuesAgainst = (
  survey: SurveyDocument,
  collaboration: Collaboration,
): { path: (string | number)[]; message: string }[] => {
  const known = new Set(collaboration.framework.characteristics.map((c) => c.id));
  return survey.questions.flatMap((q, i) =>
    known.has(q.characteristic)
      ? []
      : [
          {
            path: ['questions', i, 'characteristic'],
            message: `Unknown characteristic "${q.characteristic}" (the framework has: ${[...known].join(', ')})`,
          },
        ],
  );
};

/** Whether two versions of a survey ask the same questions (what may not change while a wave is open). */
export const sameQuestions = (a: readonly Question[], b: readonly Question[]): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

export const likertQuestions = (survey: Pick<Survey, 'questions'>): Question[] =>
  survey.questions.filter((q) => q.type === 'likert5');
export const commentQuestions = (survey: Pick<Survey, 'questions'>): Question[] =>
  survey.questions.filter((q) => q.type === 'comment');
