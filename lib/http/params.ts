import * as z from 'zod';
import { parseOrThrow } from '../app/validate.js';
import { idSchema } from '../domain/ids.js';
import type { HttpEvent } from './types.js';

/** `GET …/aggregates?format=json|csv[&wave=w]`. */
export const aggregatesQuerySchema = z.object({
  format: z.enum(['json', 'csv'], { message: 'Use format=json or format=csv' }).default('json'),
  wave: idSchema.optional(),
});

/** `GET …/comments?wave=w`: comments are only ever read one closed wave at a time. */
export const commentsQuerySchema = z.object({
  wave: idSchema.optional().refine((w) => w !== undefined, { message: 'Required: ?wave={waveId}' }),
});

/** `GET …/report[?wave=w]`: the latest closed round unless one is named. */
export const reportQuerySchema = z.object({ wave: idSchema.optional() });

/**
 * Parses a route's query string at the edge, so a use case only ever sees well-formed values: a
 * malformed or overlong one is a 422 naming the parameter, never a key the database refuses (500).
 * Parameters a route does not read are ignored, as API Gateway passes whatever the client sent.
 */
export const parseQuery = <S extends z.ZodType>(event: HttpEvent, schema: S): z.output<S> =>
  parseOrThrow(schema, event.queryStringParameters ?? {}, 'query');
