import * as z from 'zod';
import { idSchema } from './ids.js';

/** A personal, reusable survey link. Its token is never stored; only its hash is. */
export interface Link {
  id: string;
  collaborationId: string;
  surveyId: string;
  partnerId: string;
  neighbourhoodId: string;
  createdAt: string;
  revoked: boolean;
  /** When it was revoked (links revoked before this was recorded have none). */
  revokedAt?: string;
}

export const MAX_LINKS_PER_REQUEST = 1000;

/** Body of `POST …/links`. */
export const createLinksRequestSchema = z.strictObject({
  partnerId: idSchema,
  neighbourhoodId: idSchema,
  count: z.int().min(1).max(MAX_LINKS_PER_REQUEST).default(1),
});

/** Body of `POST …/links/revoke`: revoke every live link of a partner and/or neighbourhood (all if empty). */
export const revokeLinksRequestSchema = z.strictObject({
  partnerId: idSchema.optional(),
  neighbourhoodId: idSchema.optional(),
});
export type RevokeLinksRequest = z.infer<typeof revokeLinksRequestSchema>;
