import { composeApp } from '../../lib/composition.js';
import { loadRuntimeConfig } from '../../lib/config.js';
import { createRespondentHandler } from './function.js';

/** Lambda entry: compose once per cold start, then serve the respondent routes. */
export const handler = createRespondentHandler(await composeApp(loadRuntimeConfig(process.env)));
