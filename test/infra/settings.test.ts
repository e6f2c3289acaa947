import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/aws/settings.js';

const settingsFor = (context: Record<string, unknown>) => readSettings(new App({ context }).node);

describe('stage settings from context', () => {
  it('default to a production stage', () => {
    expect(settingsFor({})).toEqual({
      stage: 'prod',
      throwaway: false,
      scheduleMinutes: 60,
      logRetentionDays: 365,
      apiRateLimit: 100,
      apiBurstLimit: 200,
      alarmEmail: undefined,
      requireMfa: false,
    });
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
  });
});
