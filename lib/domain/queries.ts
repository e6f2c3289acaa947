import * as z from 'zod';
import { idSchema } from './ids.js';

/*
 * Query strings of the support team's read routes, parsed once at the edge (functions/admin/routes.ts)
 * and described by the same schemas in the OpenAPI document. Unknown parameters are ignored.
 */

const waveParam = z.string({ error: 'Required: ?wave={waveId}' }).pipe(idSchema);

/** `GET …/aggregates?format=json|csv&wave=`: every wave's figures, or one wave's. */
export const aggregatesQuerySchema = z.object({
  format: z.enum(['json', 'csv'], { error: 'Use format=json or format=csv' }).default('json'),
  wave: waveParam.optional(),
});

/** `GET …/comments?wave=`: one closed wave's comments. */
export const commentsQuerySchema = z.object({ wave: waveParam });
