import { hashSecret, newId, newSecretToken } from '../crypto.js';
import { createLinksRequestSchema, type Link } from '../domain/link.js';
import { ValidationError } from '../errors.js';
import type { StoredLink } from '../stores/ports.js';
import type { AppDeps } from './deps.js';
import { getCollaboration, getSurvey } from './manage-collaborations.js';
import { parseOrThrow } from './validate.js';

/** A newly issued link: the only moment its token exists outside the respondent's inbox. */
export interface IssuedLink {
  id: string;
  token: string;
}

/**
 * Issues personal links for one partner and neighbourhood:
 * 1. validate that both belong to the collaboration and the survey exists;
 * 2. draw a 256-bit token per link and store only its hash;
 * 3. return the tokens once, for the mail merge.
 */
export const createLinks = async (
  deps: AppDeps,
  collaborationId: string,
  surveyId: string,
  body: unknown,
): Promise<IssuedLink[]> => {
  const request = parseOrThrow(createLinksRequestSchema, body, 'link request');
  const [collaboration] = await Promise.all([
    getCollaboration(deps, collaborationId),
    getSurvey(deps, collaborationId, surveyId),
  ]);
  const issues = [
    ...(collaboration.partners.some((p) => p.id === request.partnerId)
      ? []
      : [{ path: 'partnerId', message: `Unknown partner "${request.partnerId}"` }]),
    ...(collaboration.neighbourhoods.some((n) => n.id === request.neighbourhoodId)
      ? []
      : [{ path: 'neighbourhoodId', message: `Unknown neighbourhood "${request.neighbourhoodId}"` }]),
  ];
  if (issues.length > 0) throw new ValidationError('The link request is not valid', issues);

  const createdAt = deps.now().toISOString();
  const issued: IssuedLink[] = [];
  const stored: StoredLink[] = [];
  for (let i = 0; i < request.count; i++) {
    const token = newSecretToken();
    const id = newId();
    issued.push({ id, token });
    stored.push({
      id,
      collaborationId,
      surveyId,
      partnerId: request.partnerId,
      neighbourhoodId: request.neighbourhoodId,
      createdAt,
      revoked: false,
      tokenHash: hashSecret(token),
    });
  }
  await deps.stores.links.createMany(stored);
  return issued;
};

export const listLinks = async (
  deps: AppDeps,
  collaborationId: string,
  surveyId: string,
): Promise<Link[]> => {
  await getSurvey(deps, collaborationId, surveyId);
  const links = await deps.stores.links.list(collaborationId, surveyId);
  return links.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
};

export const revokeLink = async (
  deps: AppDeps,
  collaborationId: string,
  surveyId: string,
  linkId: string,
) => {
  await deps.stores.links.revoke(collaborationId, surveyId, linkId);
};
