/**
 * `npm run soak`: the full reliability run (thousands of submissions over hundreds of links, a
 * SIGKILL during publication), printed as figures; exits non-zero unless nothing was lost,
 * duplicated, mixed or mismatched. `npm run soak -- --short` is the quick version.
 */
import { runSoak } from './soak.js';

const short = process.argv.includes('--short');
const options = short
  ? { surveys: 2, linksPerSurvey: 20, submissions: 300, concurrency: 20, kill: false, timeLimitMs: 120_000 }
  : {
      surveys: 2,
      linksPerSurvey: 100,
      submissions: 2_000,
      concurrency: 64,
      kill: true,
      timeLimitMs: 900_000,
    };

const figures = await runSoak(options);
const rows: [string, string | number | boolean][] = [
  ['surveys × links', `${options.surveys} × ${options.linksPerSurvey}`],
  ['submissions sent (concurrency)', `${options.submissions} (${options.concurrency})`],
  ['acknowledged (200)', figures.acknowledged],
  ['told to retry (503)', figures.rejected],
  ['stored responses', figures.stored],
  ['lost', figures.lost],
  ['duplicated', figures.duplicated],
  ['mixed answer/comment pairs', figures.mixed],
  ['SIGKILL during publication', figures.killedDuringPublication],
  ['manifest mismatches after recovery', figures.manifestMismatches],
  ['latency p50 / p99 (ms)', `${figures.p50Ms} / ${figures.p99Ms}`],
  ['elapsed (s)', (figures.elapsedMs / 1000).toFixed(1)],
];
for (const [name, value] of rows) process.stdout.write(`${name.padEnd(38)} ${value}\n`);
const failed = figures.lost + figures.duplicated + figures.mixed + figures.manifestMismatches > 0;
process.exit(failed ? 1 : 0);
