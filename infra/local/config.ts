import * as z from 'zod';
import { ENV } from '../../lib/config.js';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/**
 * An address the functions' SDK clients use instead of an emulator's own (a fault-injecting proxy in
 * front of it): loopback only, so a typo can never send local data anywhere else.
 */
const loopbackUrl = (name: string) =>
  z
    .string()
    .refine((value) => {
      const url = URL.canParse(value) ? new URL(value) : null;
      return (
        url?.protocol === 'http:' &&
        ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) &&
        url.pathname === '/' &&
        !url.search
      );
    }, `${name} must be a loopback address such as http://127.0.0.1:4600`)
    .optional();

/** The local stack's settings (docs/local.md: "Local stack settings"), parsed once from the environment. */
export const localConfigSchema = z
  .object({
    [ENV.port]: port(3000),
    [ENV.dataDir]: z.string().min(1).default('.pulse'),
    [ENV.adminToken]: z.string().min(16, 'PULSE_ADMIN_TOKEN must be at least 16 characters').optional(),
    [ENV.s3Port]: port(4569),
    [ENV.dynamoDbPort]: port(4567),
    [ENV.dynamoDbVia]: loopbackUrl(ENV.dynamoDbVia),
    [ENV.s3Via]: loopbackUrl(ENV.s3Via),
    [ENV.scheduleSeconds]: z.coerce.number().min(0).default(60),
    [ENV.seed]: z.enum(['demo', 'none']).default('demo'),
  })
  .transform((env) => ({
    port: env[ENV.port],
    dataDir: env[ENV.dataDir],
    adminToken: env[ENV.adminToken],
    s3Port: env[ENV.s3Port],
    dynamoDbPort: env[ENV.dynamoDbPort],
    /** What the functions' DynamoDB and S3 clients connect to, when not the emulators themselves. */
    via: { dynamoDb: env[ENV.dynamoDbVia], s3: env[ENV.s3Via] },
    scheduleSeconds: env[ENV.scheduleSeconds],
    seed: env[ENV.seed],
  }));
/** `via` is optional for a stack started in-process (tests, benchmarks): the emulators themselves. */
export type LocalConfig = Omit<z.output<typeof localConfigSchema>, 'via'> & {
  via?: { dynamoDb?: string | undefined; s3?: string | undefined };
};

export const loadLocalConfig = (env: NodeJS.ProcessEnv): LocalConfig => {
  const parsed = localConfigSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid local configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
};

export const LOCAL_TABLE_NAME = 'pulse';
export const LOCAL_BUCKET_NAME = 'pulse-snapshots';
export const LOCAL_AUDIT_BUCKET_NAME = 'pulse-audit';
