import { defineConfig } from 'vitest/config';

/**
 * Four projects, so a run can pick the fast part: `npm run test:unit` runs only `unit` (pure code and
 * use cases on in-memory stores: no emulator, no browser, no CDK synth); `npm test` runs them all.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    execArgv: ['--openssl-legacy-provider'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Unit tests share no state through modules, so one module graph per worker is safe, and
          // it saves re-importing zod, jstat and middy for every file (most of this project's time).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Each file starts its own stack with its own clients and ports, and no test mocks a module
          // or writes process.env (the architecture test forbids global env writes in the local stack),
          // so files can share the imported code: 185 s → 148 s at load 11, same 162 tests.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // Every synth builds a fresh App; nothing is shared through modules. Importing aws-cdk-lib
          // once per worker instead of once per file took this project from 250 s to 89 s (load 10).
          isolate: false,
        },
      },
    ],
  },
});
