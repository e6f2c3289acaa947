import * as z from 'zod';
import { ENV } from '../../lib/config.js';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** The local stack's settings (docs/local.md: "Local stack settings"), parsed once from the environment. */
export const localConfigSchema = z
  .object({
    [ENV.port]: port(3000),
    [ENV.dataDir]: z.string().min(1).default('.pulse'),
    [ENV.adminToken]: z.string().min(16, 'PULSE_ADMIN_TOKEN must be at least 16 characters').optional(),
    [ENV.s3Port]: port(4569),
    [ENV.dynamoDbPort]: port(4567),
    [ENV.scheduleSeconds]: z.coerce.number().min(0).default(60),
    [ENV.seed]: z.enum(['demo', 'none']).default('demo'),
  })
  .transform((env) => ({
    port: env[ENV.port],
    dataDir: env[ENV.dataDir],
    adminToken: env[ENV.adminToken],
    s3Port: env[ENV.s3Port],
    dynamoDbPort: env[ENV.dynamoDbPort],
    scheduleSeconds: env[ENV.scheduleSeconds],
    seed: env[ENV.seed],
  }));
export type LocalConfig = z.output<typeof localConfigSchema>;

export const loadLocalConfig = (env: NodeJS.ProcessEnv): LocalConfig => {
  const parsed = localConfigSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid local configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
};

export const LOCAL_TABLE_NAME = 'pulse';
export const LOCAL_BUCKET_NAME = 'pulse-snapshots';
export const LOCAL_AUDIT_BUCKET_NAME = 'pulse-audit';
