import { RemovalPolicy } from 'aws-cdk-lib';
import type { Node } from 'constructs';
import { DEFAULT_RETENTION_MONTHS, RETENTION_MONTHS } from '../../lib/domain/retention.js';

/** CDK context keys (`-c key=value` or `cdk.json`), documented in docs/deploy.md. */
export const CONTEXT = {
  stage: 'stage',
  throwaway: 'throwaway',
  scheduleMinutes: 'scheduleMinutes',
  logRetentionDays: 'logRetentionDays',
  apiRateLimit: 'apiRateLimit',
  apiBurstLimit: 'apiBurstLimit',
  respondentRateLimit: 'respondentRateLimit',
  respondentBurstLimit: 'respondentBurstLimit',
  alarmEmail: 'alarmEmail',
  alarmSlackWorkspaceId: 'alarmSlackWorkspaceId',
  alarmSlackChannelId: 'alarmSlackChannelId',
  alarmTeamsTenantId: 'alarmTeamsTenantId',
  alarmTeamsTeamId: 'alarmTeamsTeamId',
  alarmTeamsChannelId: 'alarmTeamsChannelId',
  monthlyBudgetUsd: 'monthlyBudgetUsd',
  requireMfa: 'requireMfa',
  secretReplicaRegion: 'secretReplicaRegion',
  backupCopyVaultArn: 'backupCopyVaultArn',
  sesFromEmail: 'sesFromEmail',
  sesRegion: 'sesRegion',
  wafRateLimitPerIp: 'wafRateLimitPerIp',
  webAclArn: 'webAclArn',
  domainName: 'domainName',
  certificateArn: 'certificateArn',
  hostedZoneId: 'hostedZoneId',
  hostedZoneName: 'hostedZoneName',
  signInDomainPrefix: 'signInDomainPrefix',
  minGroupSizeFloor: 'minGroupSizeFloor',
  minCommentGroupSizeFloor: 'minCommentGroupSizeFloor',
  retentionMonths: 'retentionMonths',
} as const;

/** Where alarms go besides the SNS topic: AWS Chatbot channels (the workspace/team is authorised once in the Chatbot console). */
export interface ChatDestinations {
  slack: { workspaceId: string; channelId: string } | undefined;
  teams: { tenantId: string; teamId: string; channelId: string } | undefined;
}

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
  /** Each respondent route's own throttle, sized for a national mail-out (docs/deploy.md). */
  respondentRateLimit: number;
  respondentBurstLimit: number;
  alarmEmail: string | undefined;
  alarmChat: ChatDestinations;
  /** The monthly AWS Budget (US dollars, the currency Budgets bills in). */
  monthlyBudgetUsd: number;
  requireMfa: boolean;
  /** A second region holding a read-only replica of the HMAC secret (escrow against losing the region). */
  secretReplicaRegion: string | undefined;
  /** A backup vault in another account or region that each table backup is copied to. */
  backupCopyVaultArn: string | undefined;
  /** Cognito mails the support team through SES from this verified address (default: Cognito's own sender). */
  ses: { fromEmail: string; region: string | undefined } | undefined;
  /** Requests per IP address per 5 minutes to respondent paths before WAF answers 429. */
  wafRateLimitPerIp: number;
  /** The web ACL (from the `AlliancePulse-{stage}-waf` stack in us-east-1) that CloudFront attaches. */
  webAclArn: string | undefined;
  /** The public name respondents see, with its us-east-1 ACM certificate, and optionally its Route 53 zone. */
  customDomain:
    | { domainName: string; certificateArn: string; hostedZone: { id: string; name: string } | undefined }
    | undefined;
  /** Prefix of the Cognito managed-login domain (globally unique in the region); derived when unset. */
  signInDomainPrefix: string | undefined;
  /**
   * Privacy rule 9: the lowest minGroupSize / minCommentGroupSize any collaboration may set. A deployment
   * setting, so support users (who edit collaborations) cannot lower it.
   */
  minGroupSizeFloor: number;
  minCommentGroupSizeFloor: number;
  /** Months a closed, frozen wave's raw responses and comments are kept where a collaboration sets none. */
  retentionMonths: number;
}

/** True when an alarm reaches a person: an e-mail address or a chat channel. */
export const hasAlarmDestination = (settings: StageSettings): boolean =>
  settings.alarmEmail !== undefined ||
  settings.alarmChat.slack !== undefined ||
  settings.alarmChat.teams !== undefined;

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
  const alarmEmail = matching(raw(CONTEXT.alarmEmail), CONTEXT.alarmEmail, EMAIL, 'an e-mail address');
  return {
    stage,
    throwaway,
    scheduleMinutes,
    logRetentionDays,
    apiRateLimit: integer(raw(CONTEXT.apiRateLimit), CONTEXT.apiRateLimit, 100),
    apiBurstLimit: integer(raw(CONTEXT.apiBurstLimit), CONTEXT.apiBurstLimit, 200),
    respondentRateLimit: integer(raw(CONTEXT.respondentRateLimit), CONTEXT.respondentRateLimit, 500),
    respondentBurstLimit: integer(raw(CONTEXT.respondentBurstLimit), CONTEXT.respondentBurstLimit, 1000),
    alarmEmail,
    alarmChat: {
      slack: group(raw, {
        workspaceId: CONTEXT.alarmSlackWorkspaceId,
        channelId: CONTEXT.alarmSlackChannelId,
      }),
      teams: group(raw, {
        tenantId: CONTEXT.alarmTeamsTenantId,
        teamId: CONTEXT.alarmTeamsTeamId,
        channelId: CONTEXT.alarmTeamsChannelId,
      }),
    },
    monthlyBudgetUsd: integer(raw(CONTEXT.monthlyBudgetUsd), CONTEXT.monthlyBudgetUsd, 50),
    requireMfa: flag(raw(CONTEXT.requireMfa), CONTEXT.requireMfa),
    secretReplicaRegion: matching(
      raw(CONTEXT.secretReplicaRegion),
      CONTEXT.secretReplicaRegion,
      REGION,
      'a region such as eu-west-1',
    ),
    backupCopyVaultArn: matching(
      raw(CONTEXT.backupCopyVaultArn),
      CONTEXT.backupCopyVaultArn,
      /^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_.-]+$/,
      'a backup vault ARN (arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME)',
    ),
    ses: sesOf(raw),
    wafRateLimitPerIp: wafRateLimit(raw(CONTEXT.wafRateLimitPerIp)),
    webAclArn: matching(
      raw(CONTEXT.webAclArn),
      CONTEXT.webAclArn,
      /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[^/]+\/[^/]+$/,
      'the WebAclArn output of the us-east-1 WAF stack (arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID)',
    ),
    customDomain: customDomainOf(raw),
    // Cognito refuses domain prefixes that mention it or AWS.
    signInDomainPrefix: matching(
      raw(CONTEXT.signInDomainPrefix),
      CONTEXT.signInDomainPrefix,
      /^(?!.*(aws|amazon|cognito))[a-z0-9](-?[a-z0-9]){0,62}$/,
      'lower-case letters, digits and hyphens, without "aws", "amazon" or "cognito"',
    ),
    minGroupSizeFloor: floor(raw(CONTEXT.minGroupSizeFloor), CONTEXT.minGroupSizeFloor, 5),
    minCommentGroupSizeFloor: floor(
      raw(CONTEXT.minCommentGroupSizeFloor),
      CONTEXT.minCommentGroupSizeFloor,
      10,
    ),
    retentionMonths: retentionMonthsOf(raw(CONTEXT.retentionMonths)),
  };
};

/** The deployment's retention default: whole months within the bounds a collaboration may choose. */
const retentionMonthsOf = (value: unknown): number => {
  const months = integer(value, CONTEXT.retentionMonths, DEFAULT_RETENTION_MONTHS);
  if (months < RETENTION_MONTHS.min || months > RETENTION_MONTHS.max)
    throw new Error(
      `Context "${CONTEXT.retentionMonths}" must be between ${RETENTION_MONTHS.min} and ${RETENTION_MONTHS.max} (months)`,
    );
  return months;
};

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** RETAIN unless the stage was explicitly made throwaway. */
export const removalPolicyOf = (settings: StageSettings): RemovalPolicy =>
  settings.throwaway ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

const flag = (value: unknown, key: string): boolean => {
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new Error(`Context "${key}" must be true or false`);
};

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

const matching = (value: unknown, key: string, pattern: RegExp, what: string): string | undefined => {
  const given = text(value);
  if (given !== undefined && !pattern.test(given))
    throw new Error(`Context "${key}" must be ${what} (got "${given}")`);
  return given;
};

/** WAF's rate-based rules accept 10 to 2,000,000,000 requests per window. */
const wafRateLimit = (value: unknown): number => {
  const limit = integer(value, CONTEXT.wafRateLimitPerIp, 1500);
  if (limit < 10) throw new Error(`Context "${CONTEXT.wafRateLimitPerIp}" must be at least 10`);
  return limit;
};

const customDomainOf = (raw: (key: string) => unknown): StageSettings['customDomain'] => {
  const domain = group(raw, { domainName: CONTEXT.domainName, certificateArn: CONTEXT.certificateArn });
  const zone = group(raw, { id: CONTEXT.hostedZoneId, name: CONTEXT.hostedZoneName });
  if (!domain) {
    if (zone)
      throw new Error(
        `Context "${CONTEXT.hostedZoneId}" needs "${CONTEXT.domainName}" and "${CONTEXT.certificateArn}"`,
      );
    return undefined;
  }
  if (!/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(domain.certificateArn)) {
    throw new Error(
      `Context "${CONTEXT.certificateArn}" must be an ACM certificate in us-east-1 (CloudFront uses only those)`,
    );
  }
  if (!/^([a-z0-9-]+\.)+[a-z]{2,}$/.test(domain.domainName)) {
    throw new Error(`Context "${CONTEXT.domainName}" must be a host name such as pulse.example.nhs.uk`);
  }
  return { ...domain, hostedZone: zone };
};

const sesOf = (raw: (key: string) => unknown): StageSettings['ses'] => {
  const fromEmail = matching(raw(CONTEXT.sesFromEmail), CONTEXT.sesFromEmail, EMAIL, 'an e-mail address');
  const region = matching(raw(CONTEXT.sesRegion), CONTEXT.sesRegion, REGION, 'a region such as eu-west-2');
  if (region !== undefined && fromEmail === undefined) {
    throw new Error(`Context "${CONTEXT.sesRegion}" needs "${CONTEXT.sesFromEmail}"`);
  }
  return fromEmail === undefined ? undefined : { fromEmail, region };
};

const text = (value: unknown): string | undefined =>
  value === undefined || value === '' ? undefined : String(value);

/** Context keys that only make sense together: all of them, or none (a half-configured channel is a typo). */
const group = <K extends string>(
  raw: (key: string) => unknown,
  keys: Record<K, string>,
): Record<K, string> | undefined => {
  const entries = Object.entries<string>(keys).map(([field, key]) => [field, key, text(raw(key))] as const);
  const given = entries.filter(([, , value]) => value !== undefined);
  if (given.length === 0) return undefined;
  if (given.length < entries.length) {
    throw new Error(`Context ${entries.map(([, key]) => `"${key}"`).join(', ')} must be given together`);
  }
  return Object.fromEntries(entries.map(([field, , value]) => [field, value])) as Record<K, string>;
};

const integer = (value: unknown, key: string, fallback: number): number => {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new Error(`Context "${key}" must be a positive integer`);
  return parsed;
};

/** A threshold floor: a whole number from 2 (a floor of 1 would protect nobody) to 1000. */
const floor = (value: unknown, key: string, fallback: number): number => {
  const parsed = integer(value, key, fallback);
  if (parsed < 2 || parsed > 1000) throw new Error(`Context "${key}" must be between 2 and 1000`);
  return parsed;
};
