/**
 * `npm run soak`: the full reliability run (thousands of submissions over hundreds of links,
 * DynamoDB stalled during them, S3 stalled during a publication, a SIGKILL during the next),
 * printed as figures; exits non-zero unless nothing was lost, duplicated, mixed or mismatched, and
 * every answer was a 200 or a 503 with Retry-After. `npm run soak -- --short` is the quick version.
 */
import { MAX_ATTEMPTS, runSoak } from './soak.js';

const short = process.argv.includes('--short');
// Each stall outlasts the respondent's SDK budget (2 × 2 s plus backoff), so it ends in 503s.
const stalls = { s3Stall: true, stallMs: 6_000 };
const options = short
  ? {
      surveys: 2,
      linksPerSurvey: 20,
      submissions: 300,
      concurrency: 20,
      kill: false,
      dynamoDbStalls: 1,
      ...stalls,
      timeLimitMs: 180_000,
    }
  : {
      surveys: 2,
      linksPerSurvey: 100,
      submissions: 2_000,
      concurrency: 64,
      kill: true,
      dynamoDbStalls: 3,
      ...stalls,
      timeLimitMs: 900_000,
    };

const figures = await runSoak(options);
const rows: [string, string | number | boolean][] = [
  ['surveys × links', `${options.surveys} × ${options.linksPerSurvey}`],
  ['submissions sent (concurrency)', `${options.submissions} (${options.concurrency})`],
  ['DynamoDB stalls (each ms)', `${figures.dynamoDbStalls} (${options.stallMs})`],
  ['acknowledged (200)', figures.acknowledged],
  ['503s, retried (during a stall)', `${figures.told503} (${figures.stall503})`],
  ['slowest 503 after a stall began (ms)', figures.max503AfterStallMs],
  ['503s without Retry-After', figures.without503RetryAfter],
  ['other statuses', figures.otherStatuses],
  [`never acknowledged (${MAX_ATTEMPTS} tries)`, figures.gaveUp],
  ['stored responses', figures.stored],
  ['lost', figures.lost],
  ['duplicated', figures.duplicated],
  ['mixed answer/comment pairs', figures.mixed],
  ['job run with S3 stalled', figures.s3StallRun ?? 'not run'],
  ['SIGKILL during publication', figures.killedDuringPublication],
  ['manifest mismatches after recovery', figures.manifestMismatches],
  ['latency p50 / p99 (ms)', `${figures.p50Ms} / ${figures.p99Ms}`],
  ['elapsed (s)', (figures.elapsedMs / 1000).toFixed(1)],
];
for (const [name, value] of rows) process.stdout.write(`${name.padEnd(38)} ${value}\n`);
const failed =
  figures.lost +
    figures.duplicated +
    figures.mixed +
    figures.manifestMismatches +
    figures.without503RetryAfter +
    figures.otherStatuses >
  0;
process.exit(failed ? 1 : 0);
