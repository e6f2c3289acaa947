import type middy from '@middy/core';
import { idSchema } from '../../lib/domain/ids.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import type { HttpEvent, HttpResult } from '../../lib/http/types.js';

/**
 * Every id in an admin path ({c}, {s}, {w}, {id}) becomes part of table and S3 keys, so it must be a
 * well-formed id: a `PUT` that would create something under a bad id is 422, anything else is 404
 * (nothing can exist under such an id).
 */
export const validPathIds = (): middy.MiddlewareObj<HttpEvent, HttpResult> => ({
  before: ({ event }) => {
    for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
      if (value !== undefined && idSchema.safeParse(value).success) continue;
      if (event.requestContext.http.method === 'PUT') {
        throw new ValidationError('The path is not valid', [
          { path: name, message: 'Use lower-case letters, digits and single hyphens, at most 64 characters' },
        ]);
      }
      throw new NotFoundError('Not found');
    }
  },
});
