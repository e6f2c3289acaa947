import { describe, expect, it } from 'vitest';
import { SDK_BUDGETS } from '../../lib/config.js';
import { runSoak } from '../soak/soak.js';

// The short run of `npm run soak`: the stack as a child process behind stalling proxies, concurrent
// submissions with one DynamoDB stall among them (503s retried after Retry-After), a job run,
// everything read back from the emulators. The full run (npm run soak) adds an S3 stall during a
// publication, a SIGKILL mid-publication and far more submissions.
describe('the reliability suite (short run)', () => {
  it('answers a stalled DynamoDB with a quick 503 and Retry-After, and stores every acknowledged submission whole', async () => {
    const figures = await runSoak({
      surveys: 1,
      linksPerSurvey: 10,
      submissions: 40,
      concurrency: 8,
      kill: false,
      dynamoDbStalls: 1,
      s3Stall: false,
      stallMs: 6_000,
      timeLimitMs: 90_000,
    });

    // The stall told the respondents in flight to retry within their SDK budget (2 × 2 s, plus
    // backoff and a busy machine's slack) of its start, not when it ended 6 s later; the retries
    // then all landed.
    expect(figures.stall503).toBeGreaterThan(0);
    expect(figures.without503RetryAfter).toBe(0);
    const budget = SDK_BUDGETS.respondent;
    expect(figures.max503AfterStallMs).toBeLessThan(budget.maxAttempts * budget.requestTimeoutMs + 1_500);
    expect(figures.otherStatuses).toBe(0);
    expect(figures.gaveUp).toBe(0);
    expect(figures.acknowledged).toBe(40);
    expect(figures.stored).toBe(10);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, mixed: 0, manifestMismatches: 0 });
  }, 120_000);
});
