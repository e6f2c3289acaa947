import { createRequire } from 'node:module';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { ASSETS } from '../../lib/views/assets.js';

/**
 * How every Lambda function is bundled: one description that both the CDK stack (through
 * NodejsFunction) and the bundle-size test and cold-start benchmark (through the esbuild API) read,
 * so the bundle that is measured is the bundle that is deployed.
 */
export const LAMBDA_BUNDLE = {
  format: 'esm',
  /** Must match the Lambda runtime (NODEJS_24_X); the local toolchain stays on Node 20 (development only). */
  target: 'node24',
  minify: true,
  sourcemap: true,
  /** The maps only need mappings for stack traces; sources are in git. Keeps the asset small. */
  sourcesContent: false,
  /** esbuild's ESM output of the AWS SDK crashes at run time without these two (see STACK.md). */
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  /** Bundle the SDK too: pinned versions, tree-shaken, and no second copy of @smithy/types. */
  external: [] as string[],
} as const;

/**
 * Static files a function serves (lib/views/assets.ts), copied beside its bundle as `assets/{name}`,
 * where `readAsset` looks first.
 */
export const bundledAssets = (): Record<string, string> => {
  const require = createRequire(import.meta.url);
  return Object.fromEntries(
    Object.entries(ASSETS).map(([name, asset]) => [name, require.resolve(asset.module)]),
  );
};

/** The same settings in NodejsFunction's terms; `assets` are copied next to the bundle. */
export const nodejsBundling = (assets: Record<string, string> = {}): BundlingOptions => ({
  format: OutputFormat.ESM,
  target: LAMBDA_BUNDLE.target,
  minify: LAMBDA_BUNDLE.minify,
  sourceMap: LAMBDA_BUNDLE.sourcemap,
  sourcesContent: LAMBDA_BUNDLE.sourcesContent,
  mainFields: [...LAMBDA_BUNDLE.mainFields],
  banner: LAMBDA_BUNDLE.banner,
  bundleAwsSDK: true,
  externalModules: [...LAMBDA_BUNDLE.external],
  ...(Object.keys(assets).length > 0
    ? {
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input: string, output: string) => [
            `mkdir -p "${output}/assets"`,
            ...Object.entries(assets).map(([name, file]) => `cp "${file}" "${output}/assets/${name}"`),
          ],
        },
      }
    : {}),
});

/** The same settings in esbuild's terms, for bundling `entry` to `outfile` outside CDK. */
export const esbuildOptions = (entry: string, outfile: string): BuildOptions => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: LAMBDA_BUNDLE.format,
  target: LAMBDA_BUNDLE.target,
  minify: LAMBDA_BUNDLE.minify,
  sourcemap: LAMBDA_BUNDLE.sourcemap,
  sourcesContent: LAMBDA_BUNDLE.sourcesContent,
  mainFields: [...LAMBDA_BUNDLE.mainFields],
  banner: { js: LAMBDA_BUNDLE.banner },
  external: [...LAMBDA_BUNDLE.external],
  logLevel: 'warning',
});
