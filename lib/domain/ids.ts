import * as z from 'zod';

export const MAX_ID_LENGTH = 64;

/**
 * The one grammar of every id a user chooses or sends (collaboration, survey, wave, question,
 * characteristic, partner, neighbourhood, link): ids appear in URLs, table keys and S3 paths, so
 * lower-case letters, digits and single hyphens, at most 64 characters. Ids also key objects (answers
 * by question, counts by segment) that reach JSON, the DynamoDB marshaller and CSV, so a name that
 * every JavaScript object already has (`constructor`) is refused rather than trusted to every map.
 */
export const idSchema = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    message: 'Use lower-case letters, digits and single hyphens (e.g. southend-west)',
  })
  .refine((id) => !(id in Object.prototype), {
    message: 'This name is reserved: choose another id',
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
