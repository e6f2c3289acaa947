import { describe, expect, it } from 'vitest';
import { runSoak } from '../soak/soak.js';

// The short run of `npm run soak`: the stack as a child process, concurrent submissions, a job run,
// everything read back from the emulators. The full run (npm run soak) adds a SIGKILL mid-publication.
describe('the reliability suite (short run)', () => {
  it('stores every link’s acknowledged submission whole: none lost, duplicated or mixed; the manifest matches', async () => {
    const figures = await runSoak({
      surveys: 1,
      linksPerSurvey: 10,
      submissions: 60,
      concurrency: 10,
      kill: false,
      timeLimitMs: 90_000,
    });

    expect(figures.acknowledged + figures.rejected).toBe(60);
    expect(figures.stored).toBe(10);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, mixed: 0, manifestMismatches: 0 });
  }, 120_000);
});
