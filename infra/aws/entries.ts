import { fileURLToPath } from 'node:url';
import type { FunctionName } from '../../functions/routes.js';

/** Every deployed function: the HTTP ones of the route table, the scheduled job and its per-survey worker. */
export type LambdaName = FunctionName | 'aggregate' | 'aggregate-survey';

/** Where each function's handler lives (each exports `handler`). */
export const entryOf = (name: LambdaName): string =>
  fileURLToPath(new URL(`../../functions/${name}/handler.ts`, import.meta.url));
