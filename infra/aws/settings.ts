import { RemovalPolicy } from 'aws-cdk-lib';
import type { Node } from 'constructs';

/** CDK context keys (`-c key=value` or `cdk.json`), documented in docs/deploy.md. */
export const CONTEXT = {
  stage: 'stage',
  throwaway: 'throwaway',
  scheduleMinutes: 'scheduleMinutes',
  logRetentionDays: 'logRetentionDays',
  apiRateLimit: 'apiRateLimit',
  apiBurstLimit: 'apiBurstLimit',
  alarmEmail: 'alarmEmail',
  requireMfa: 'requireMfa',
} as const;

/** What a deployment of the stack is configured with. */
export interface StageSettings {
  /** Names the stack (`AlliancePulse-{stage}`); `prod` when no context is given. */
  stage: string;
  /** Opt-in: everything is destroyed with the stack. Never allowed for `prod`. */
  throwaway: boolean;
  scheduleMinutes: number;
  logRetentionDays: number;
  apiRateLimit: number;
  apiBurstLimit: number;
  alarmEmail: string | undefined;
  requireMfa: boolean;
}

/** CloudWatch Logs accepts only these retention periods. */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
];

/**
 * Reads and checks the context once, so a typo fails synth with a clear message instead of
 * deploying something unexpected. Values from `-c` arrive as strings, from cdk.json as JSON.
 */
export const readSettings = (node: Node): StageSettings => {
  const raw = (key: string): unknown => node.tryGetContext(key);
  const stage = String(raw(CONTEXT.stage) ?? 'prod');
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new Error(`Context "${CONTEXT.stage}" must be lower-case letters, digits or "-" (got "${stage}")`);
  }
  const throwaway = flag(raw(CONTEXT.throwaway), CONTEXT.throwaway);
  if (throwaway && stage === 'prod') {
    throw new Error(`A throwaway stage needs its own name: add -c ${CONTEXT.stage}=dev (or similar)`);
  }
  const logRetentionDays = integer(
    raw(CONTEXT.logRetentionDays),
    CONTEXT.logRetentionDays,
    throwaway ? 14 : 365,
  );
  if (!RETENTION_DAYS.includes(logRetentionDays)) {
    throw new Error(`Context "${CONTEXT.logRetentionDays}" must be one of ${RETENTION_DAYS.join(', ')}`);
  }
  const scheduleMinutes = integer(raw(CONTEXT.scheduleMinutes), CONTEXT.scheduleMinutes, 60);
  if (scheduleMinutes < 1 || scheduleMinutes > 1440) {
    throw new Error(`Context "${CONTEXT.scheduleMinutes}" must be between 1 and 1440`);
  }
  const alarmEmail = raw(CONTEXT.alarmEmail);
  return {
    stage,
    throwaway,
    scheduleMinutes,
    logRetentionDays,
    apiRateLimit: integer(raw(CONTEXT.apiRateLimit), CONTEXT.apiRateLimit, 100),
    apiBurstLimit: integer(raw(CONTEXT.apiBurstLimit), CONTEXT.apiBurstLimit, 200),
    alarmEmail: alarmEmail === undefined || alarmEmail === '' ? undefined : String(alarmEmail),
    requireMfa: flag(raw(CONTEXT.requireMfa), CONTEXT.requireMfa),
  };
};

/** RETAIN unless the stage was explicitly made throwaway. */
export const removalPolicyOf = (settings: StageSettings): RemovalPolicy =>
  settings.throwaway ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

const flag = (value: unknown, key: string): boolean => {
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new Error(`Context "${key}" must be true or false`);
};

const integer = (value: unknown, key: string, fallback: number): number => {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new Error(`Context "${key}" must be a positive integer`);
  return parsed;
};
