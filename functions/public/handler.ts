import { createPublicHandler } from './function.js';

/** Lambda entry for the public routes (no data access). */
export const handler = createPublicHandler();
