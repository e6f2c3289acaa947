import { z } from 'zod';

/** Ids appear in URLs, keys and S3 paths: lower-case letters, digits and single hyphens. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    message: 'Use lower-case letters, digits and single hyphens (e.g. southend-west)',
  });

/** Adds an issue naming the field for every id that appears more than once in `items`. */
export const duplicateIssues = (
  items: readonly { id: string }[],
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: 'custom', path: [...path, index, 'id'], message: `Duplicate id "${item.id}"` });
    }
    seen.add(item.id);
  });
};
