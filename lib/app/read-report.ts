import { MAX_REPORT_LINK_SECONDS, reportLinkRequestSchema } from '../domain/report-link.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { NoReportForWave, renderReport } from '../report/render-report.js';
import type { JobDeps } from './job-deps.js';
import { getCollaboration, getSurvey } from './manage-collaborations.js';
import { readAggregates } from './read-aggregates.js';
import { snapshotKeys } from './snapshot-files.js';
import { parseOrThrow } from './validate.js';

/**
 * The results report of one survey (the admin route and the console): the latest closed round, or
 * round `waveId`.
 * 1. compute the snapshot exactly as the aggregates download does (same figures, same disclosure
 *    control; nothing written);
 * 2. render it. An unknown round is a 404, a round without results yet a 409; a survey with no closed
 *    round yet gets a page that says when results will appear.
 */
export const readReport = async (
  deps: JobDeps,
  collaborationId: string,
  surveyId: string,
  waveId: string | undefined,
): Promise<string> => {
  const [collaboration, snapshot] = await Promise.all([
    getCollaboration(deps, collaborationId),
    readAggregates(deps, collaborationId, surveyId, undefined),
  ]);
  try {
    return renderReport(snapshot, { wave: waveId, timeZone: collaboration.timeZone });
  } catch (error) {
    if (!(error instanceof NoReportForWave)) throw error;
    throw error.reason === 'unknown' ? new NotFoundError(error.message) : new ConflictError(error.message);
  }
};

/**
 * A time-limited link to the published `report.html`, for partners with no AWS access:
 * 1. validate the requested lifetime (default and maximum 7 days);
 * 2. check the survey exists (404) and its report has been published (409 until the job has run);
 * 3. presign a GET of that one object, served as HTML.
 */
export const createReportLink = async (
  deps: JobDeps,
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
  );
  if (!link)
    throw new ConflictError(
      'The report has not been published yet: it appears after the next aggregation run',
    );
  return { url: link.url, expiresAt: link.expiresAt.toISOString() };
};
