import type { z } from 'zod';
import { type Issue, ValidationError } from '../errors.js';

/** Formats a zod path the way clients address fields: `answers.sp1`, `partners.2.sector`. */
export const issuePath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

export const toIssues = (error: z.ZodError): Issue[] =>
  error.issues.flatMap((i): Issue[] =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({ path: issuePath([...i.path, key]), message: `Unknown field "${key}"` }))
      : [{ path: issuePath(i.path), message: i.message }],
  );

/** Parses `input` or throws a 422 `ValidationError` naming every offending field. */
export const parseOrThrow = <S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> => {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(`The ${what} is not valid`, toIssues(result.error));
  return result.data;
};

/**
 * Lets a document read with GET be sent back with PUT: ids it carries (`id`, `collaborationId`) are
 * dropped when they match the path, and reported when they do not.
 */
export const withoutEchoedIds = (body: unknown, expected: Record<string, string>): unknown => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const copy: Record<string, unknown> = { ...body };
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(expected)) {
    if (!(key in copy)) continue;
    if (copy[key] === value) delete copy[key];
    else issues.push({ path: key, message: `Must match the path ("${value}") or be left out` });
  }
  if (issues.length > 0) throw new ValidationError('The document does not match its address', issues);
  return copy;
};
