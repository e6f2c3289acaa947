import { describe, expect, it, vi } from 'vitest';
import { composeJob } from '../../lib/composition.js';
import { loadRuntimeConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/logger.js';

describe("the job's failure log", () => {
  it('is one ERROR line with the error name, message and stack, and the survey it was about', async () => {
    const lines: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      const config = loadRuntimeConfig({
        AWS_REGION: 'eu-west-2',
        PULSE_TABLE_NAME: 'pulse',
        PULSE_BUCKET_NAME: 'bucket',
        PULSE_HMAC_SECRET: 'x'.repeat(32),
      });
      const deps = await composeJob(config, createLogger('aggregate'));

      deps.logError('survey aggregation failed', new TypeError('manifest is corrupt'), {
        collaborationId: 'c1',
        surveyId: 's1',
      });
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }

    const logged = lines.map((l) => JSON.parse(l));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 'ERROR',
      message: 'survey aggregation failed',
      collaborationId: 'c1',
      surveyId: 's1',
      error: {
        name: 'TypeError',
        message: 'manifest is corrupt',
        stack: expect.stringContaining('job-logging.test'),
      },
    });
  });
});
