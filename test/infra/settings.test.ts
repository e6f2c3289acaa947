import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/aws/settings.js';

const settingsFor = (context: Record<string, unknown>) => readSettings(new App({ context }).node);

describe('stage settings from context', () => {
  it('read a chat channel only when all of its ids are given', () => {
    expect(settingsFor({ alarmSlackWorkspaceId: 'T1', alarmSlackChannelId: 'C1' }).alarmChat).toEqual({
      slack: { workspaceId: 'T1', channelId: 'C1' },
      teams: undefined,
    });
  });

  it('default to a production stage', () => {
    expect(settingsFor({})).toEqual({
      stage: 'prod',
      throwaway: false,
      scheduleMinutes: 60,
      logRetentionDays: 365,
      apiRateLimit: 100,
      apiBurstLimit: 200,
      respondentRateLimit: 500,
      respondentBurstLimit: 1000,
      alarmEmail: undefined,
      alarmChat: { slack: undefined, teams: undefined },
      monthlyBudgetUsd: 50,
      requireMfa: false,
      secretReplicaRegion: undefined,
      backupCopyVaultArn: undefined,
      ses: undefined,
      wafRateLimitPerIp: 1500,
      webAclArn: undefined,
      customDomain: undefined,
      minGroupSizeFloor: 5,
      minCommentGroupSizeFloor: 10,
      retentionMonths: 12,
    });
  });

  it('take the retention default from context, in whole months from 1 to 120', () => {
    expect(settingsFor({ retentionMonths: '36' }).retentionMonths).toBe(36);
    expect(settingsFor({ retentionMonths: 120 }).retentionMonths).toBe(120);
    expect(() => settingsFor({ retentionMonths: 121 })).toThrow(
      /"retentionMonths" must be between 1 and 120/,
    );
    expect(() => settingsFor({ retentionMonths: '0' })).toThrow(
      /"retentionMonths" must be a positive integer/,
    );
    expect(() => settingsFor({ retentionMonths: 'forever' })).toThrow(/positive integer/);
  });

  it('take threshold floors from context and pass them to every function', () => {
    expect(settingsFor({ minGroupSizeFloor: '8', minCommentGroupSizeFloor: 12 })).toMatchObject({
      minGroupSizeFloor: 8,
      minCommentGroupSizeFloor: 12,
    });
    expect(() => settingsFor({ minGroupSizeFloor: 1 })).toThrow(/between 2 and 1000/);
  });

  it('accept strings from -c and JSON values from cdk.json', () => {
    expect(settingsFor({ stage: 'dev', throwaway: 'true', scheduleMinutes: '5' })).toMatchObject({
      stage: 'dev',
      throwaway: true,
      scheduleMinutes: 5,
      logRetentionDays: 14,
    });
    expect(settingsFor({ stage: 'test', throwaway: true, scheduleMinutes: 30 })).toMatchObject({
      throwaway: true,
      scheduleMinutes: 30,
    });
  });

  it('refuse a throwaway production stage and values that are not what they should be', () => {
    expect(() => settingsFor({ throwaway: 'true' })).toThrow(/own name/);
    expect(() => settingsFor({ stage: 'Prod!' })).toThrow(/stage/);
    expect(() => settingsFor({ throwaway: 'yes' })).toThrow(/throwaway/);
    expect(() => settingsFor({ scheduleMinutes: '0' })).toThrow(/scheduleMinutes/);
    expect(() => settingsFor({ scheduleMinutes: '2000' })).toThrow(/scheduleMinutes/);
    expect(() => settingsFor({ logRetentionDays: '10' })).toThrow(/logRetentionDays/);
    expect(() => settingsFor({ apiRateLimit: '1.5' })).toThrow(/apiRateLimit/);
    expect(() => settingsFor({ alarmEmail: 'ops' })).toThrow(/alarmEmail/);
    expect(() => settingsFor({ alarmSlackWorkspaceId: 'T1' })).toThrow(/alarmSlackChannelId.*together/);
    expect(() => settingsFor({ alarmTeamsTenantId: 'a', alarmTeamsTeamId: 'b' })).toThrow(/together/);
    expect(() => settingsFor({ monthlyBudgetUsd: '0' })).toThrow(/monthlyBudgetUsd/);
  });
});
