import {
  getCollaboration,
  listCollaborations,
  listSurveys,
  putCollaboration,
} from '../../../lib/app/manage-collaborations.js';
import { type Collaboration, SECTOR_NAMES, thresholdsFor } from '../../../lib/domain/collaboration.js';
import { retentionMonthsFor } from '../../../lib/domain/retention.js';
import { NotFoundError, ValidationError } from '../../../lib/errors.js';
import { pathParam } from '../../../lib/http/types.js';
import { type ConsoleRoute, isWholeTeam, signedIn, type Viewer } from '../auth.js';
import {
  collaborationDocumentFrom,
  collaborationForm,
  collaborationFormFrom,
  collaborationFormView,
  type Fields,
  fieldsOf,
  noIssues,
  type PlacedIssues,
  SPARE_ROWS,
  submitForm,
} from '../forms.js';

import { assertFreeId, COLLABORATIONS, collaborationPath, crumbsFor, noticeOf, show } from './common.js';

const renderCollaborationForm = (
  viewer: Viewer,
  collaboration: Collaboration | null,
  form: ReturnType<typeof collaborationForm>,
  placed: PlacedIssues,
  status: number,
  spare = SPARE_ROWS,
) =>
  show(
    status,
    'collaborationForm',
    {
      ...collaborationFormView(form, placed.errors, spare),
      isNew: collaboration === null,
      heading: collaboration ? `Edit ${collaboration.name}` : 'Create a collaboration',
      action: collaboration ? collaborationPath(collaboration.id) : COLLABORATIONS,
      csrf: viewer.csrf,
    },
    viewer,
    {
      title: collaboration ? `Edit ${collaboration.name}` : 'Create a collaboration',
      crumbs: crumbsFor(collaboration ?? undefined),
      errors: placed.summary,
    },
  );

/** Saves a collaboration form through the admin API's use case, or shows it again with its errors. */
const saveCollaboration = async (
  deps: Parameters<ConsoleRoute>[0],
  viewer: Viewer,
  fields: Fields,
  existing: Collaboration | null,
) => {
  const form = collaborationFormFrom(fields);
  const id = existing?.id ?? form.id;
  const { document, jsonIssues, remap } = collaborationDocumentFrom(form, existing);
  return submitForm(fields, {
    render: (placed, status, spare) => renderCollaborationForm(viewer, existing, form, placed, status, spare),
    remap,
    listOf: (path) =>
      ['framework', 'neighbourhoods', 'partners'].find((list) => path.startsWith(list)) ?? null,
    save: async () => {
      if (existing === null) await assertFreeId(id, () => deps.app.stores.collaborations.get(id));
      if (jsonIssues.length > 0) throw new ValidationError('The collaboration is not valid', jsonIssues);
      await putCollaboration(deps.app, viewer.actor, id, document);
      return undefined;
    },
    done: `${collaborationPath(id)}?done=saved`,
  });
};

export const collaborationsRoutes: Record<string, ConsoleRoute> = {
  'GET /console/collaborations': signedIn(async (deps, event, viewer) => {
    const all = await listCollaborations(deps.app);
    const whole = isWholeTeam(deps, viewer);
    const mine = whole
      ? all
      : all.filter((c) => viewer.session.groups.includes(`${deps.config.adminGroup}:${c.id}`));
    return show(200, 'collaborations', { collaborations: mine, canCreate: whole }, viewer, {
      title: 'Collaborations',
      notice: noticeOf(event),
    });
  }),

  'GET /console/collaborations/new': signedIn(async (deps, _event, viewer) => {
    if (!isWholeTeam(deps, viewer)) throw new NotFoundError();
    return renderCollaborationForm(viewer, null, collaborationForm(null), noIssues(), 200);
  }),

  'POST /console/collaborations': signedIn(async (deps, event, viewer) => {
    if (!isWholeTeam(deps, viewer)) throw new NotFoundError();
    return saveCollaboration(deps, viewer, fieldsOf(event.body), null);
  }),

  'GET /console/collaborations/{c}': signedIn(async (deps, event, viewer) => {
    const c = pathParam(event, 'c');
    const [collaboration, surveys] = await Promise.all([
      getCollaboration(deps.app, c),
      listSurveys(deps.app, c),
    ]);
    return show(
      200,
      'collaboration',
      {
        ...collaboration,
        // The thresholds in force: one stored before a floor was raised is held to the floor.
        ...thresholdsFor(collaboration, deps.app.thresholdFloors),
        neighbourhoods: collaboration.neighbourhoods.map((n) => n.name).join(', '),
        partners: collaboration.partners.map((p) => ({ name: p.name, sector: SECTOR_NAMES[p.sector] })),
        characteristics: collaboration.framework.characteristics,
        retentionMonths: retentionMonthsFor(collaboration, deps.app.retentionMonths),
        retentionIsDefault: collaboration.retentionMonths === undefined,
        surveys,
      },
      viewer,
      { title: collaboration.name, crumbs: crumbsFor(), notice: noticeOf(event) },
    );
  }),

  'GET /console/collaborations/{c}/edit': signedIn(async (deps, event, viewer) => {
    const collaboration = await getCollaboration(deps.app, pathParam(event, 'c'));
    return renderCollaborationForm(viewer, collaboration, collaborationForm(collaboration), noIssues(), 200);
  }),

  'POST /console/collaborations/{c}': signedIn(async (deps, event, viewer) => {
    const collaboration = await getCollaboration(deps.app, pathParam(event, 'c'));
    return saveCollaboration(deps, viewer, fieldsOf(event.body), collaboration);
  }),
};
