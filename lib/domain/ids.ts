import * as z from 'zod';

/** Ids appear in URLs, keys and S3 paths: lower-case letters, digits and single hyphens. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    message: 'Use lower-case letters, digits and single hyphens (e.g. southend-west)',
  });

/**
 * An array of items with ids that must be unique: each duplicate is reported at its own `…N.id` path.
 * Checked on the array itself so it runs even when other fields of the document are invalid.
 */
export const uniqueIds = <T extends z.ZodType<{ id: string }>>(item: T) =>
  z.array(item).superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((it, index) => {
      if (seen.has(it.id))
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `Duplicate id "${it.id}"` });
      seen.add(it.id);
    });
  });
