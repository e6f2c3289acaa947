import { randomBytes } from 'node:crypto';
import { putCollaboration, putSurvey } from '../../lib/app/manage-collaborations.js';
import { responseKeys } from '../../lib/app/respond.js';
import type { Actor } from '../../lib/domain/audit.js';
import { DEFAULT_FRAMEWORK, SECTORS } from '../../lib/domain/collaboration.js';
import type { Answers, ResponseRecord } from '../../lib/domain/response.js';
import type { Question } from '../../lib/domain/survey.js';
import { startTempStack } from '../support/temp-stack.js';

const BENCH_ACTOR: Actor = { username: 'bench', sub: null, requestId: 'bench' };

/** The benchmarks' alliance: 8 neighbourhoods and one partner per sector. */
const neighbourhoods = Array.from({ length: 8 }, (_, i) => ({
  id: `n${i + 1}`,
  name: `Neighbourhood ${i + 1}`,
}));
const partners = SECTORS.map((sector) => ({ id: `p-${sector}`, name: sector, sector }));

/**
 * Respondent `i`'s stored response in a wave, as the store receives it: keyed like a real submission
 * (HMAC of a fresh random token) and spread round-robin over the bench alliance's partners and
 * neighbourhoods.
 */
export const benchResponse = (
  hmacSecret: Buffer,
  waveId: string,
  i: number,
  answers: Answers,
  day = '2026-11-10',
) => {
  const partner = partners[i % partners.length] as (typeof partners)[number];
  const response: ResponseRecord = {
    waveId,
    partnerId: partner.id,
    neighbourhoodId: (neighbourhoods[i % neighbourhoods.length] as { id: string }).id,
    sector: partner.sector,
    day,
    answers,
  };
  return {
    responseKey: responseKeys(hmacSecret, randomBytes(32).toString('base64url'), waveId).response,
    response,
    editKeyHash: 'bench',
  };
};

/** One likert question per characteristic of the default framework. */
export const questions = DEFAULT_FRAMEWORK.characteristics.map((c) => ({
  id: `${c.id}-1`,
  characteristic: c.id,
  text: c.name,
  type: 'likert5' as const,
}));

/**
 * A local stack on the embedded emulators holding the bench alliance `c` and its survey `s`, whose
 * cadence opens no wave while a benchmark runs: what the job and GET …/waves benchmarks write into.
 * `deps` logs nothing; `stop` removes the data.
 */
export const startBenchStack = async (prefix: string, c: string, s: string, questions: Question[]) => {
  const stack = await startTempStack(prefix, randomBytes(16).toString('hex'));
  const deps = { ...stack.deps, log: () => {} };
  try {
    await putCollaboration(deps, BENCH_ACTOR, c, { name: 'Bench', neighbourhoods, partners });
    await putSurvey(deps, BENCH_ACTOR, c, s, {
      title: 'Bench',
      questions,
      cadence: { intervalDays: 366, waveLengthDays: 14, firstWaveOpensAt: '2030-01-01T09:00:00' },
    });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return { stack, deps };
};
