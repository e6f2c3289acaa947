import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthStack, THROWAWAY } from './synth.js';

const MAIL = { alarmEmail: 'pulse-ops@example.nhs.uk' };
const { template } = synthStack(MAIL);

describe('the HMAC secret', () => {
  it('keeps exactly the generation template it was created with (any edit would replace the key)', () => {
    const [secret] = Object.values(template.findResources('AWS::SecretsManager::Secret'));
    expect(secret?.Properties.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret?.Properties.ReplicaRegions).toBeUndefined();
  });

  it('is replicated to a second region when asked', () => {
    synthStack({ ...MAIL, secretReplicaRegion: 'eu-west-1' }).template.hasResourceProperties(
      'AWS::SecretsManager::Secret',
      { ReplicaRegions: [{ Region: 'eu-west-1' }] },
    );
    expect(() => synthStack({ ...MAIL, secretReplicaRegion: 'london' })).toThrow(/secretReplicaRegion/);
  });
});

describe('AWS Backup', () => {
  it('backs the table up daily into a retained vault, kept 35 days', () => {
    template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'Daily',
            ScheduleExpression: 'cron(0 3 * * ? *)',
            Lifecycle: { DeleteAfterDays: 35 },
          }),
        ],
      },
    });
    const [selection] = Object.values(template.findResources('AWS::Backup::BackupSelection'));
    expect(selection?.Properties.BackupSelection.Resources).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^DataTable/), 'Arn'] },
    ]);
  });

  it('copies each backup to another account or region when asked', () => {
    const arn = 'arn:aws:backup:eu-west-1:123456789012:backup-vault:pulse-copy';
    synthStack({ ...MAIL, backupCopyVaultArn: arn }).template.hasResourceProperties(
      'AWS::Backup::BackupPlan',
      {
        BackupPlan: {
          BackupPlanRule: [
            Match.objectLike({
              CopyActions: [{ DestinationBackupVaultArn: arn, Lifecycle: { DeleteAfterDays: 35 } }],
            }),
          ],
        },
      },
    );
    expect(() => synthStack({ ...MAIL, backupCopyVaultArn: 'vault' })).toThrow(/backupCopyVaultArn/);
  });

  it('lets a throwaway stage delete its vault', () => {
    synthStack(THROWAWAY).template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Delete' });
  });
});

describe('support-team e-mail', () => {
  it("uses Cognito's own sender by default and SES from a verified address when given", () => {
    const [pool] = Object.values(template.findResources('AWS::Cognito::UserPool'));
    expect(pool?.Properties.EmailConfiguration?.EmailSendingAccount ?? 'COGNITO_DEFAULT').toBe(
      'COGNITO_DEFAULT',
    );
    synthStack({
      ...MAIL,
      sesFromEmail: 'pulse@example.nhs.uk',
      sesRegion: 'eu-west-2',
    }).template.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: 'Alliance Pulse <pulse@example.nhs.uk>',
        SourceArn: Match.anyValue(),
      }),
    });
    expect(() => synthStack({ ...MAIL, sesRegion: 'eu-west-2' })).toThrow(/sesFromEmail/);
  });
});
