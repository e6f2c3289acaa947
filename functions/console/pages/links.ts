import { getCollaboration, getSurvey } from '../../../lib/app/manage-collaborations.js';
import {
  createLinks,
  linkRows,
  linksCsv,
  listLinks,
  revokeLink,
  revokeLinks,
} from '../../../lib/app/manage-links.js';
import type { Collaboration } from '../../../lib/domain/collaboration.js';
import { localDay } from '../../../lib/domain/time.js';
import { NotFoundError, ValidationError } from '../../../lib/errors.js';
import { redirect } from '../../../lib/http/html.js';
import { type HttpEvent, originOf } from '../../../lib/http/types.js';
import { type ConsoleRoute, signedIn, type Viewer } from '../auth.js';
import { type Fields, field, fieldsOf, inputOf, placeIssues, selectOf } from '../forms.js';

import { crumbsFor, ids, noticeOf, show, surveyPath } from './common.js';

const linkOptions = (collaboration: Collaboration, any: string | null) => ({
  partners: [
    { value: '', text: any ?? 'Choose a partner' },
    ...collaboration.partners.map((p) => ({ value: p.id, text: p.name })),
  ],
  neighbourhoods: [
    { value: '', text: any ?? 'Choose a neighbourhood' },
    ...collaboration.neighbourhoods.map((n) => ({ value: n.id, text: n.name })),
  ],
});

const renderLinks = async (
  deps: Parameters<ConsoleRoute>[0],
  event: HttpEvent,
  viewer: Viewer,
  values: { partnerId: string; neighbourhoodId: string; count: string },
  errors: Record<string, string>,
  status: number,
) => {
  const { c, s } = ids(event);
  const [collaboration, survey, links] = await Promise.all([
    getCollaboration(deps.app, c),
    getSurvey(deps.app, c, s),
    listLinks(deps.app, c, s),
  ]);
  const partnerName = new Map(collaboration.partners.map((p) => [p.id, p.name]));
  const neighbourhoodName = new Map(collaboration.neighbourhoods.map((n) => [n.id, n.name]));
  const grid = new Map<
    string,
    { partnerId: string; neighbourhoodId: string; live: number; revoked: number }
  >();
  for (const link of links) {
    const key = `${link.partnerId} ${link.neighbourhoodId}`;
    const row = grid.get(key) ?? {
      partnerId: link.partnerId,
      neighbourhoodId: link.neighbourhoodId,
      live: 0,
      revoked: 0,
    };
    if (link.revoked) row.revoked++;
    else row.live++;
    grid.set(key, row);
  }
  const issue = linkOptions(collaboration, null);
  const any = linkOptions(collaboration, 'Any');
  const summary = Object.entries(errors).map(([name, message]) => ({ href: name, message }));
  return show(
    status,
    'links',
    {
      base: surveyPath(c, s),
      surveyTitle: survey.title,
      csrf: viewer.csrf,
      fields: {
        partnerId: selectOf('partnerId', 'Partner', values.partnerId, issue.partners, errors),
        neighbourhoodId: selectOf(
          'neighbourhoodId',
          'Neighbourhood',
          values.neighbourhoodId,
          issue.neighbourhoods,
          errors,
        ),
        count: inputOf('count', 'How many links', values.count, errors, {
          hint: 'One per person you invite, up to 1,000 at a time.',
          width: 4,
          inputmode: 'numeric',
        }),
        // The same field names as the issue form (the confirmation page reads them), other ids.
        revokePartner: { ...selectOf('partnerId', 'Partner', '', any.partners, {}), id: 'revoke-partner' },
        revokeNeighbourhood: {
          ...selectOf('neighbourhoodId', 'Neighbourhood', '', any.neighbourhoods, {}),
          id: 'revoke-neighbourhood',
        },
      },
      grid: [...grid.values()]
        .map((g) => ({
          ...g,
          partnerName: partnerName.get(g.partnerId) ?? g.partnerId,
          neighbourhoodName: neighbourhoodName.get(g.neighbourhoodId) ?? g.neighbourhoodId,
        }))
        .sort(
          (a, b) =>
            a.partnerName.localeCompare(b.partnerName) ||
            a.neighbourhoodName.localeCompare(b.neighbourhoodName),
        ),
      links: links.map((l) => ({
        ...l,
        partnerName: partnerName.get(l.partnerId) ?? l.partnerId,
        neighbourhoodName: neighbourhoodName.get(l.neighbourhoodId) ?? l.neighbourhoodId,
        createdAt: localDay(new Date(l.createdAt), collaboration.timeZone),
      })),
    },
    viewer,
    {
      title: `Links: ${survey.title}`,
      crumbs: crumbsFor(collaboration, survey),
      errors: summary,
      notice: noticeOf(event),
    },
  );
};

/** What a revocation request covers, from the query (confirmation page) or the form (the POST). */
const revocationOf = (values: Fields) => ({
  linkId: field(values, 'linkId'),
  partnerId: field(values, 'partnerId'),
  neighbourhoodId: field(values, 'neighbourhoodId'),
});

export const linksRoutes: Record<string, ConsoleRoute> = {
  'GET /console/collaborations/{c}/surveys/{s}/links': signedIn(async (deps, event, viewer) =>
    renderLinks(deps, event, viewer, { partnerId: '', neighbourhoodId: '', count: '1' }, {}, 200),
  ),

  /** Issues links through the same use case as the API; the CSV (or the page) is the only copy. */
  'POST /console/collaborations/{c}/surveys/{s}/links': signedIn(async (deps, event, viewer) => {
    const { c, s } = ids(event);
    const fields = fieldsOf(event.body);
    const values = {
      partnerId: field(fields, 'partnerId'),
      neighbourhoodId: field(fields, 'neighbourhoodId'),
      count: field(fields, 'count'),
    };
    let issued: Awaited<ReturnType<typeof createLinks>>;
    try {
      issued = await createLinks(deps.app, viewer.actor, c, s, {
        partnerId: values.partnerId,
        neighbourhoodId: values.neighbourhoodId,
        count: /^\d+$/.test(values.count) ? Number(values.count) : values.count,
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const placed = placeIssues(
        error.issues,
        (p) => p,
        (n) => n in values,
        () => null,
      );
      return renderLinks(deps, event, viewer, values, placed.errors, 422);
    }
    const origin = originOf(event);
    if (field(fields, 'format') !== 'page') {
      return {
        statusCode: 201,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${c}-${s}-links-${values.partnerId}-${values.neighbourhoodId}.csv"`,
          'cache-control': 'no-store',
        },
        body: linksCsv(issued, origin),
      };
    }
    const first = issued[0];
    return show(
      201,
      'issued',
      {
        base: surveyPath(c, s),
        count: issued.length,
        links: linkRows(issued, origin),
        partnerName: first?.partnerName,
        neighbourhoodName: first?.neighbourhoodName,
      },
      viewer,
      { title: 'Links issued' },
    );
  }),

  /** The confirmation page before revoking: says how many links would stop working. */
  'GET /console/collaborations/{c}/surveys/{s}/links/revoke': signedIn(async (deps, event, viewer) => {
    const { c, s } = ids(event);
    const request = revocationOf(event.queryStringParameters ?? {});
    const [collaboration, links] = await Promise.all([
      getCollaboration(deps.app, c),
      listLinks(deps.app, c, s),
    ]);
    const live = links.filter((l) => !l.revoked);
    const partner = collaboration.partners.find((p) => p.id === request.partnerId);
    const neighbourhood = collaboration.neighbourhoods.find((n) => n.id === request.neighbourhoodId);
    let count: number;
    let what: string;
    if (request.linkId) {
      if (!live.some((l) => l.id === request.linkId))
        throw new NotFoundError('That link does not exist or is already revoked');
      count = 1;
      what = `link ${request.linkId}`;
    } else {
      if ((request.partnerId && !partner) || (request.neighbourhoodId && !neighbourhood))
        throw new NotFoundError();
      count = live.filter(
        (l) =>
          (!partner || l.partnerId === partner.id) &&
          (!neighbourhood || l.neighbourhoodId === neighbourhood.id),
      ).length;
      const scope = [
        partner ? `of ${partner.name}` : '',
        neighbourhood ? `in ${neighbourhood.name}` : '',
      ].filter(Boolean);
      what = `${count === 1 ? 'the live link' : `all ${count} live links`} ${scope.length > 0 ? scope.join(' ') : 'of this survey'}`;
    }
    return show(
      200,
      'confirmRevoke',
      {
        base: surveyPath(c, s),
        count,
        what,
        csrf: viewer.csrf,
        hidden: Object.entries(request)
          .filter(([, v]) => v !== '')
          .map(([name, value]) => ({ name, value })),
      },
      viewer,
      { title: 'Revoke links', crumbs: crumbsFor(collaboration) },
    );
  }),

  'POST /console/collaborations/{c}/surveys/{s}/links/revoke': signedIn(async (deps, event, viewer) => {
    const { c, s } = ids(event);
    const request = revocationOf(fieldsOf(event.body));
    if (request.linkId) await revokeLink(deps.app, viewer.actor, c, s, request.linkId);
    else {
      await revokeLinks(deps.app, viewer.actor, c, s, {
        ...(request.partnerId ? { partnerId: request.partnerId } : {}),
        ...(request.neighbourhoodId ? { neighbourhoodId: request.neighbourhoodId } : {}),
      });
    }
    return redirect(`${surveyPath(c, s)}/links?done=revoked`);
  }),
};
