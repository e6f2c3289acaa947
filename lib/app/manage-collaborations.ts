import { type Actor, diffOf } from '../domain/audit.js';
import {
  type Collaboration,
  collaborationDocumentSchema,
  DEFAULT_THRESHOLD_FLOORS,
} from '../domain/collaboration.js';
import { type Survey, sameQuestions, surveyDocumentSchema, surveyIssuesAgainst } from '../domain/survey.js';
import { isAcceptingResponses } from '../domain/wave.js';
import { ConflictError, type Issue, NotFoundError, ValidationError } from '../errors.js';
import type { AdminDeps, AppDeps } from './deps.js';
import { recordAudit } from './record-audit.js';
import { issuePath, parseOrThrow, withoutEchoedIds } from './validate.js';

/**
 * Creates or replaces a collaboration (defaults filled in) and returns it as stored:
 * 1. validate the document;
 * 2. refuse (422) thresholds below the deployment's floors (rule 9), naming the floor;
 * 3. refuse (422) a framework that drops a characteristic its surveys ask about, or the removal of a
 *    partner or neighbourhood that active links still point to — either would break those surveys;
 * 4. record the change (what differs from the stored one) in the audit trail, then store it. Changed
 *    settings (dimensions, thresholds, bands, framework) reach only waves that have not yet published
 *    figures: closed waves keep their first publication.
 */
export const putCollaboration = async (
  deps: AdminDeps,
  actor: Actor,
  id: string,
  body: unknown,
): Promise<Collaboration> => {
  const document = parseOrThrow(collaborationDocumentSchema, withoutEchoedIds(body, { id }), 'collaboration');
  const collaboration: Collaboration = { id, ...document };
  const floors = deps.thresholdFloors ?? DEFAULT_THRESHOLD_FLOORS;
  const belowFloor = (['minGroupSize', 'minCommentGroupSize'] as const)
    .filter((field) => collaboration[field] < floors[field])
    .map((field) => ({
      path: field,
      message: `Must be at least ${floors[field]}: this deployment's floor, which support users cannot lower`,
    }));
  if (belowFloor.length > 0) throw new ValidationError('The thresholds are below the floor', belowFloor);
  const [issues, existing] = await Promise.all([
    issuesWithExistingSurveys(deps, collaboration),
    deps.stores.collaborations.get(id),
  ]);
  if (issues.length > 0) throw new ValidationError('The collaboration would break its surveys', issues);
  await recordAudit(
    deps,
    actor,
    'collaboration.put',
    { collaborationId: id },
    {
      created: existing === null,
      changes: diffOf(existing ?? {}, collaboration),
    },
  );
  await deps.stores.collaborations.put(collaboration);
  return collaboration;
};

const issuesWithExistingSurveys = async (deps: AppDeps, collaboration: Collaboration): Promise<Issue[]> => {
  const surveys = await deps.stores.surveys.listFor(collaboration.id);
  const partners = new Set(collaboration.partners.map((p) => p.id));
  const neighbourhoods = new Set(collaboration.neighbourhoods.map((n) => n.id));
  const perSurvey = await Promise.all(
    surveys.map(async (survey) => {
      const known = new Set(collaboration.framework.characteristics.map((c) => c.id));
      const characteristics = survey.questions
        .filter((q) => !known.has(q.characteristic))
        .map((q) => ({
          path: 'framework.characteristics',
          message: `Survey "${survey.id}" asks about "${q.characteristic}" (question ${q.id}), which this framework does not have`,
        }));
      const links = (await deps.stores.links.list(collaboration.id, survey.id)).filter((l) => !l.revoked);
      const orphans = (
        ids: Set<string>,
        pick: (l: (typeof links)[number]) => string,
        path: string,
        what: string,
      ) =>
        [...new Set(links.map(pick).filter((x) => !ids.has(x)))].map((x) => ({
          path,
          message: `${what} "${x}" still has active links in survey "${survey.id}": revoke them first`,
        }));
      return [
        ...characteristics,
        ...orphans(partners, (l) => l.partnerId, 'partners', 'Partner'),
        ...orphans(neighbourhoods, (l) => l.neighbourhoodId, 'neighbourhoods', 'Neighbourhood'),
      ];
    }),
  );
  return perSurvey.flat();
};

export const getCollaboration = async (deps: AppDeps, id: string): Promise<Collaboration> => {
  const collaboration = await deps.stores.collaborations.get(id);
  if (!collaboration) throw new NotFoundError(`Collaboration "${id}" not found`);
  return collaboration;
};

/** Every collaboration, by name (ids break ties), for the support team to choose from. */
export const listCollaborations = async (deps: AppDeps): Promise<{ id: string; name: string }[]> =>
  (await deps.stores.collaborations.list()).sort(byNameThenId);

/** The surveys of a collaboration, by title (404 when the collaboration does not exist). */
export const listSurveys = async (
  deps: AppDeps,
  collaborationId: string,
): Promise<{ id: string; title: string }[]> => {
  const [, surveys] = await Promise.all([
    getCollaboration(deps, collaborationId),
    deps.stores.surveys.listFor(collaborationId),
  ]);
  return surveys
    .map((s) => ({ id: s.id, title: s.title }))
    .sort((a, b) => byNameThenId({ id: a.id, name: a.title }, { id: b.id, name: b.title }));
};

const byNameThenId = (a: { id: string; name: string }, b: { id: string; name: string }) =>
  a.name.localeCompare(b.name, 'en-GB') || a.id.localeCompare(b.id);

/**
 * Creates or replaces a survey:
 * 1. validate the document, then against the collaboration's framework;
 * 2. refuse (409) to change the questions while a wave is open — question ids carry the trend;
 * 3. record the change (what differs from the stored one) in the audit trail, then store it.
 */
export const putSurvey = async (
  deps: AdminDeps,
  actor: Actor,
  collaborationId: string,
  surveyId: string,
  body: unknown,
): Promise<Survey> => {
  const document = parseOrThrow(
    surveyDocumentSchema,
    withoutEchoedIds(body, { id: surveyId, collaborationId }),
    'survey',
  );
  const collaboration = await getCollaboration(deps, collaborationId);
  const issues = surveyIssuesAgainst(document, collaboration);
  if (issues.length > 0) {
    throw new ValidationError(
      'The survey is not valid',
      issues.map((i) => ({ path: issuePath(i.path), message: i.message })),
    );
  }
  const [existing, waves] = await Promise.all([
    deps.stores.surveys.get(collaborationId, surveyId),
    deps.stores.waves.list(collaborationId, surveyId),
  ]);
  const open = waves.find((w) => isAcceptingResponses(w, deps.now()));
  if (existing && open && !sameQuestions(existing.questions, document.questions)) {
    throw new ConflictError(`Questions cannot change while wave "${open.id}" is open`);
  }
  const survey: Survey = { id: surveyId, collaborationId, ...document };
  await recordAudit(
    deps,
    actor,
    'survey.put',
    { collaborationId, surveyId },
    {
      created: existing === null,
      changes: diffOf(existing ?? {}, survey),
    },
  );
  await deps.stores.surveys.put(survey);
  return survey;
};

export const getSurvey = async (
  deps: AppDeps,
  collaborationId: string,
  surveyId: string,
): Promise<Survey> => {
  const survey = await deps.stores.surveys.get(collaborationId, surveyId);
  if (!survey)
    throw new NotFoundError(`Survey "${surveyId}" not found in collaboration "${collaborationId}"`);
  return survey;
};
