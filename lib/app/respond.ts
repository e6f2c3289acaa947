import { hashSecret, hmac, looksLikeToken, newSecretToken, secretsEqual } from '../crypto.js';
import type { Collaboration } from '../domain/collaboration.js';
import { type Answers, type Comments, type ResponseRecord, submissionSchemaFor } from '../domain/response.js';
import type { Survey } from '../domain/survey.js';
import { cadenceWindowAt, localDay, nextCadenceOpening } from '../domain/time.js';
import { isAcceptingResponses, overlapsWindow } from '../domain/wave.js';
import { NoOpenWaveError, UnknownLinkError } from '../errors.js';
import { type StoredLink, type StoredWave, type WaveRef, waveRef } from '../stores/ports.js';
import type { AppDeps } from './deps.js';
import { parseOrThrow } from './validate.js';

/** What a respondent's link opens: the survey in its open wave. */
export interface OpenSurvey {
  link: StoredLink;
  collaboration: Collaboration;
  survey: Survey;
  wave: StoredWave;
}

/** The response and comment keys of a link in a wave (privacy rule 2): HMACs over the raw token. */
export const responseKeys = (secret: Buffer, token: string, waveId: string) => ({
  response: hmac(secret, token, waveId),
  comment: hmac(secret, token, waveId, 'comment'),
  /** Serialises one link's submissions where the table has no transactions (never stored for long). */
  lock: hmac(secret, token, waveId, 'lock'),
});

/**
 * Resolves a link to its survey's open wave:
 * 1. find the link by the token's hash (unknown or revoked → 404);
 * 2. load its collaboration and survey;
 * 3. find the wave accepting responses, or say when the next opens (409).
 */
export const openSurveyForLink = async (deps: AppDeps, token: string): Promise<OpenSurvey> => {
  const link = looksLikeToken(token) ? await deps.stores.links.findByTokenHash(hashSecret(token)) : null;
  if (!link || link.revoked) throw new UnknownLinkError();
  const [collaboration, survey, waves] = await Promise.all([
    deps.stores.collaborations.get(link.collaborationId),
    deps.stores.surveys.get(link.collaborationId, link.surveyId),
    deps.stores.waves.list(link.collaborationId, link.surveyId),
  ]);
  if (!collaboration || !survey) throw new UnknownLinkError();
  const now = deps.now();
  const wave = waves.filter((w) => isAcceptingResponses(w, now)).at(-1);
  if (!wave)
    throw new NoOpenWaveError(nextOpening(collaboration, survey, waves, now), collaboration.timeZone);
  return { link, collaboration, survey, wave };
};

/**
 * When the next round opens: a cadence window already in force that no wave covers yet (the job opens
 * it on its next run) — an instant in the past — or else the earliest scheduled wave or cadence opening.
 */
const nextOpening = (
  collaboration: Collaboration,
  survey: Survey,
  waves: StoredWave[],
  now: Date,
): string => {
  const due = cadenceWindowAt(survey.cadence, now, collaboration.timeZone);
  if (due && !waves.some((w) => overlapsWindow(w, due))) {
    return due.opensAt.toISOString();
  }
  const scheduled = waves
    .filter((w) => w.status === 'scheduled' && Date.parse(w.opensAt) > now.getTime())
    .map((w) => Date.parse(w.opensAt));
  const cadence = nextCadenceOpening(survey.cadence, now, collaboration.timeZone).getTime();
  return new Date(Math.min(cadence, ...scheduled)).toISOString();
};

/** Whether `editKey` is the one issued with this link's response in the open wave (one read). */
export const holdsEditKey = async (
  deps: AppDeps,
  open: OpenSurvey,
  token: string,
  editKey: string | undefined,
): Promise<boolean> => (await ownResponse(deps, open, token, editKey)) !== null;

const ownResponse = async (deps: AppDeps, open: OpenSurvey, token: string, editKey: string | undefined) => {
  if (!editKey) return null;
  const ref = waveRef(open.link.collaborationId, open.link.surveyId, open.wave);
  const stored = await deps.stores.responses.getResponse(
    ref,
    responseKeys(deps.hmacSecret, token, open.wave.id).response,
  );
  return stored && secretsEqual(stored.editKeyHash, hashSecret(editKey)) ? stored.response : null;
};

/** The stored answers of a link in the open wave, only when the edit key matches (privacy rule 3). */
export const readOwnAnswers = async (
  deps: AppDeps,
  open: OpenSurvey,
  token: string,
  editKey: string | undefined,
): Promise<{ answers: Answers; comments: Comments } | null> => {
  const stored = await ownResponse(deps, open, token, editKey);
  if (!stored) return null;
  const ref = waveRef(open.link.collaborationId, open.link.surveyId, open.wave);
  const comments = await deps.stores.responses.getComments(
    ref,
    responseKeys(deps.hmacSecret, token, open.wave.id).comment,
  );
  return {
    answers: stored.answers,
    comments: Object.fromEntries(comments.map((c) => [c.questionId, c.text])),
  };
};

/**
 * Stores a link's answers for its open wave (resolved by `openSurveyForLink`, 404 / 409):
 * 1. validate every answer against the survey (422, nothing stored);
 * 2. store, whole (both or neither), the response under HMAC(token, wave) — a resubmission replaces
 *    it — with the day, not the time, and the comments under their own HMAC, with only wave, question
 *    and characteristic;
 * 3. return a fresh edit key (stored hashed) that lets this browser read the answers back.
 */
export const submitResponse = async (
  deps: AppDeps,
  open: OpenSurvey,
  token: string,
  body: unknown,
): Promise<{ wave: string; editKey: string }> => {
  const submission = parseOrThrow(submissionSchemaFor(open.survey), body, 'response');
  const { link, collaboration, survey, wave } = open;
  const partner = collaboration.partners.find((p) => p.id === link.partnerId);
  const record: ResponseRecord = {
    waveId: wave.id,
    partnerId: link.partnerId,
    neighbourhoodId: link.neighbourhoodId,
    sector: partner?.sector ?? 'other',
    day: localDay(deps.now(), collaboration.timeZone),
    answers: submission.answers,
  };
  const editKey = newSecretToken();
  const ref: WaveRef = waveRef(link.collaborationId, link.surveyId, wave);
  const keys = responseKeys(deps.hmacSecret, token, wave.id);
  const comments = Object.entries(submission.comments).map(([questionId, text]) => ({
    waveId: wave.id,
    questionId,
    characteristic: survey.questions.find((q) => q.id === questionId)?.characteristic ?? '',
    text,
  }));
  await deps.stores.responses.putSubmission(ref, {
    responseKey: keys.response,
    commentKey: keys.comment,
    lockKey: keys.lock,
    response: record,
    editKeyHash: hashSecret(editKey),
    comments,
  });
  return { wave: wave.id, editKey };
};
