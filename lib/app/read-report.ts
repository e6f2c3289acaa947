import type { Actor } from '../domain/audit.js';
import { MAX_REPORT_LINK_SECONDS, reportLinkRequestSchema } from '../domain/report-link.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { NoReportForWave, renderReport } from '../report/render-report.js';
import type { SupportTeamDeps } from './job-deps.js';
import { getCollaboration, getSurvey } from './manage-collaborations.js';
import { readAggregates } from './read-aggregates.js';
import { recordAudit } from './record-audit.js';
import { snapshotKeys } from './snapshot-files.js';
import { parseOrThrow } from './validate.js';

/**
 * The results report of one survey (the admin route and the console): the latest closed round, or
 * round `waveId`.
 * 1. compute the snapshot exactly as the aggregates download does (same figures, same disclosure
 *    control; a settled wave first seen here is frozen here, as by a download);
 * 2. render it. An unknown round is a 404, a round without results yet a 409; a survey with no closed
 *    round yet gets a page that says when results will appear;
 * 3. record the download in the audit trail, then return it.
 */
export const readReport = async (
  deps: SupportTeamDeps,
  actor: Actor,
  collaborationId: string,
  surveyId: string,
  waveId: string | undefined,
): Promise<string> => {
  const [collaboration, snapshot] = await Promise.all([
    getCollaboration(deps, collaborationId),
    readAggregates(deps, collaborationId, surveyId, undefined),
  ]);
  let html: string;
  try {
    html = renderReport(snapshot, { wave: waveId, timeZone: collaboration.timeZone });
  } catch (error) {
    if (!(error instanceof NoReportForWave)) throw error;
    throw error.reason === 'unknown' ? new NotFoundError(error.message) : new ConflictError(error.message);
  }
  await recordAudit(deps, actor, 'report.download', { collaborationId, surveyId, waveId });
  return html;
};

/**
 * A time-limited link to the published `report.html`, for partners with no AWS access:
 * 1. validate the requested lifetime (default and maximum 7 days);
 * 2. check the survey exists (404) and its report has been published (409 until the job has run);
 * 3. presign a GET of that one object, served as HTML, and record it in the audit trail before
 *    handing it out (anyone holding the link can read the report until it expires).
 */
export const createReportLink = async (
  deps: SupportTeamDeps,
  actor: Actor,
  collaborationId: string,
  surveyId: string,
  body: unknown,
): Promise<{ url: string; expiresAt: string }> => {
  const request = parseOrThrow(reportLinkRequestSchema, body ?? {}, 'report link');
  await getSurvey(deps, collaborationId, surveyId);
  const link = await deps.objectLinks.presignGet(
    snapshotKeys(collaborationId, surveyId).report,
    request.expiresInSeconds ?? MAX_REPORT_LINK_SECONDS,
    'text/html; charset=utf-8',
    deps.now(),
  );
  if (!link)
    throw new ConflictError(
      'The report has not been published yet: it appears after the next aggregation run',
    );
  const expiresAt = link.expiresAt.toISOString();
  await recordAudit(deps, actor, 'report-link.create', { collaborationId, surveyId }, { expiresAt });
  return { url: link.url, expiresAt };
};
