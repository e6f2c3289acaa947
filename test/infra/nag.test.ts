import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { synthStack, THROWAWAY } from './synth.js';

/** Every acknowledgement recorded anywhere in the tree: rule id → reason. */
const acknowledgements = (root: IConstruct): [string, string][] =>
  root.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>));

describe.each([
  ['production (no context)', {}],
  ['throwaway', THROWAWAY],
  ['MFA required', { requireMfa: 'true' }],
  [
    'alarms to e-mail, Slack and Teams',
    {
      alarmEmail: 'ops@example.org',
      alarmSlackWorkspaceId: 'T0123ABCD',
      alarmSlackChannelId: 'C0123ABCD',
      alarmTeamsTenantId: '11111111-2222-3333-4444-555555555555',
      alarmTeamsTeamId: '66666666-7777-8888-9999-000000000000',
      alarmTeamsChannelId: '19:abc123@thread.tacv2',
    },
  ],
])('cdk-nag AwsSolutions, %s', (_, context) => {
  const { stack } = synthStack(context);

  it('reports no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    const findings = report.violations.map(
      (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`,
    );
    expect(findings).toEqual([]);
  });

  it('gives a reason for every acknowledgement', () => {
    const acks = acknowledgements(stack);
    expect(acks.length).toBeGreaterThan(0);
    for (const [id, reason] of acks) expect(reason.length, id).toBeGreaterThan(30);
  });
});

describe('the HMAC secret acknowledgement', () => {
  it('says why it is never rotated', () => {
    const acks = acknowledgements(synthStack().stack);
    const rotation = acks.find(([id]) => id.endsWith('AwsSolutions-SMG4'));
    expect(rotation?.[1]).toMatch(/split a wave's responses/i);
  });
});
