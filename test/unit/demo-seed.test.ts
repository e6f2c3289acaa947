import { describe, expect, it } from 'vitest';
import { DEMO, seedDemo } from '../../infra/local/seed.js';
import { listWaves } from '../../lib/app/manage-waves.js';
import { testClock } from '../support/clock.js';
import { memoryDeps } from '../support/memory.js';

/** The demo `npm start` seeds is what a newcomer judges the product by: its figures must make sense. */
describe('the demo seed', () => {
  it('invites every past wave’s respondents: each wave has more people invited than answered', async () => {
    const { deps } = memoryDeps(testClock('2026-11-27T12:00:00.000Z'));
    await seedDemo(deps, '', () => {});

    const waves = await listWaves(deps, DEMO.collaborationId, DEMO.surveyId);

    expect(waves.map((w) => w.status)).toEqual(['closed', 'closed', 'closed', 'closed', 'open']);
    for (const wave of waves) {
      expect(wave.responses).toBeGreaterThan(0);
      expect(wave.invited).toBeGreaterThanOrEqual(wave.responses);
      for (const place of [...wave.byPartner, ...wave.byNeighbourhood])
        expect(place.invited).toBeGreaterThanOrEqual(place.responses);
    }
  });
});
