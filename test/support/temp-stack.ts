import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalConfig } from '../../infra/local/config.js';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../infra/local/stack.js';

/**
 * The whole local stack in this process, on free ports and a fresh data dir that `stop` removes, with
 * no schedule and no seed: what tests and benchmarks start (no vitest here, so benchmarks can use it).
 */
export const startTempStack = async (
  prefix: string,
  adminToken: string,
  options: LocalStackOptions = {},
  /** Fixed emulator ports, or the functions' SDK clients through a proxy (`via`). */
  config: Partial<Pick<LocalConfig, 'dynamoDbPort' | 's3Port' | 'via'>> = {},
): Promise<LocalStack & { dataDir: string }> => {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const stack = await startLocalStack(
    { port: 0, dataDir, adminToken, s3Port: 0, dynamoDbPort: 0, scheduleSeconds: 0, seed: 'none', ...config },
    options,
  );
  return {
    ...stack,
    dataDir,
    stop: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
