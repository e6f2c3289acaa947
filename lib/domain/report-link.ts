import * as z from 'zod';

/** Links to the published report live at most 7 days (the longest an S3 presigned URL may). */
export const MAX_REPORT_LINK_SECONDS = 7 * 24 * 60 * 60;

/** Body of `POST …/report-links`: how long the link should work, in seconds (default: the maximum). */
export const reportLinkRequestSchema = z.strictObject({
  expiresInSeconds: z.int().min(1).max(MAX_REPORT_LINK_SECONDS).optional(),
});
