import { stringify } from 'csv-stringify/sync';
import { hashSecret, newId, newSecretToken } from '../crypto.js';
import type { Actor } from '../domain/audit.js';
import { createLinksRequestSchema, type Link, revokeLinksRequestSchema } from '../domain/link.js';
import { countPlaces } from '../domain/participation.js';
import { ValidationError } from '../errors.js';
import type { StoredLink } from '../stores/ports.js';
import type { AdminDeps, AppDeps } from './deps.js';
import { getCollaboration, getSurvey } from './manage-collaborations.js';
import { recordAudit } from './record-audit.js';
import { parseOrThrow } from './validate.js';

/**
 * A newly issued link: the only moment its token exists outside the respondent's inbox. It carries
 * its partner and neighbourhood by id and name, so a mail merge can tell the links apart.
 */
export interface IssuedLink {
  id: string;
  token: string;
  partnerId: string;
  partnerName: string;
  neighbourhoodId: string;
  neighbourhoodName: string;
}

/** The columns of the links CSV, the same for the API and the console. */
export const LINK_CSV_COLUMNS = [
  'id',
  'url',
  'partnerId',
  'partnerName',
  'neighbourhoodId',
  'neighbourhoodName',
] as const;

/** Issued links as rows with their URL (`{origin}/s/{token}`), for JSON replies and the CSV. */
export const linkRows = (issued: readonly IssuedLink[], origin: string) =>
  issued.map(({ token, ...link }) => ({
    id: link.id,
    url: `${origin}/s/${token}`,
    partnerId: link.partnerId,
    partnerName: link.partnerName,
    neighbourhoodId: link.neighbourhoodId,
    neighbourhoodName: link.neighbourhoodName,
  }));

/** The links CSV; a name starting with `=` cannot run as a formula in Excel. */
export const linksCsv = (issued: readonly IssuedLink[], origin: string): string =>
  stringify(linkRows(issued, origin), {
    header: true,
    columns: [...LINK_CSV_COLUMNS],
    escape_formulas: true,
  });

/**
 * Issues personal links for one partner and neighbourhood:
 * 1. validate that both belong to the collaboration and the survey exists;
 * 2. draw a 256-bit token per link and store only its hash;
 * 3. return the tokens once, for the mail merge.
 */
export const createLinks = async (
  deps: AdminDeps,
  actor: Actor,
  collaborationId: string,
  surveyId: string,
  body: unknown,
): Promise<IssuedLink[]> => {
  const request = parseOrThrow(createLinksRequestSchema, body, 'link request');
  const [collaboration] = await Promise.all([
    getCollaboration(deps, collaborationId),
    getSurvey(deps, collaborationId, surveyId),
  ]);
  const partner = collaboration.partners.find((p) => p.id === request.partnerId);
  const neighbourhood = collaboration.neighbourhoods.find((n) => n.id === request.neighbourhoodId);
  if (!partner || !neighbourhood) {
    throw new ValidationError('The link request is not valid', [
      ...(partner ? [] : [{ path: 'partnerId', message: `Unknown partner "${request.partnerId}"` }]),
      ...(neighbourhood
        ? []
        : [{ path: 'neighbourhoodId', message: `Unknown neighbourhood "${request.neighbourhoodId}"` }]),
    ]);
  }

  const createdAt = deps.now().toISOString();
  const issued: IssuedLink[] = [];
  const stored: StoredLink[] = [];
  for (let i = 0; i < request.count; i++) {
    const token = newSecretToken();
    const id = newId();
    issued.push({
      id,
      token,
      partnerId: partner.id,
      partnerName: partner.name,
      neighbourhoodId: neighbourhood.id,
      neighbourhoodName: neighbourhood.name,
    });
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
  await recordAudit(
    deps,
    actor,
    'links.issue',
    { collaborationId, surveyId },
    {
      counts: [{ partnerId: partner.id, neighbourhoodId: neighbourhood.id, count: request.count }],
    },
  );
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

/** Revokes one link, then records it in the audit trail as a count for its partner and neighbourhood. */
export const revokeLink = async (
  deps: AdminDeps,
  actor: Actor,
  collaborationId: string,
  surveyId: string,
  linkId: string,
) => {
  const link = await deps.stores.links.revoke(collaborationId, surveyId, linkId, deps.now());
  // Recorded after the fact: the store finds the link (and its partner) as it revokes it.
  await recordAudit(
    deps,
    actor,
    'links.revoke',
    { collaborationId, surveyId },
    {
      counts: [{ partnerId: link.partnerId, neighbourhoodId: link.neighbourhoodId, count: 1 }],
    },
  );
};

/**
 * Revokes in bulk (an accidental `count: 1000` is undone in one call):
 * 1. validate the filter against the collaboration (an unknown partner is a mistake, not "none");
 * 2. record in the audit trail how many live links match, per partner and neighbourhood;
 * 3. revoke every live link of the survey matching it; return how many.
 */
export const revokeLinks = async (
  deps: AdminDeps,
  actor: Actor,
  collaborationId: string,
  surveyId: string,
  body: unknown,
): Promise<{ revoked: number }> => {
  const filter = parseOrThrow(revokeLinksRequestSchema, body ?? {}, 'revocation');
  const [collaboration] = await Promise.all([
    getCollaboration(deps, collaborationId),
    getSurvey(deps, collaborationId, surveyId),
  ]);
  const issues = [
    ...(filter.partnerId === undefined || collaboration.partners.some((p) => p.id === filter.partnerId)
      ? []
      : [{ path: 'partnerId', message: `Unknown partner "${filter.partnerId}"` }]),
    ...(filter.neighbourhoodId === undefined ||
    collaboration.neighbourhoods.some((n) => n.id === filter.neighbourhoodId)
      ? []
      : [{ path: 'neighbourhoodId', message: `Unknown neighbourhood "${filter.neighbourhoodId}"` }]),
  ];
  if (issues.length > 0) throw new ValidationError('The revocation is not valid', issues);
  // The store reads the survey's links once; the audit record is written from that read, before
  // any link changes, so a failed record revokes nothing.
  const revoked = await deps.stores.links.revokeWhere(collaborationId, surveyId, filter, deps.now(), (live) =>
    recordAudit(
      deps,
      actor,
      'links.revoke',
      { collaborationId, surveyId },
      { filter, counts: countPlaces(live) },
    ),
  );
  return { revoked };
};
