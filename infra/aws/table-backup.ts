import { Duration, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { removalPolicyOf, type StageSettings } from './settings.js';

/** How long a daily backup is kept, here and in the copy: as long as point-in-time recovery reaches back. */
export const BACKUP_RETENTION_DAYS = 35;

/**
 * AWS Backup for the table: a daily backup at 03:00 UTC kept 35 days, in a vault of its own, and
 * optionally copied to a vault in another account or region (`-c backupCopyVaultArn=…`), so that a
 * deleted account or a lost region still leaves the responses recoverable. Point-in-time recovery
 * (on the table) covers mistakes within the account; this covers losing the account.
 */
export class TableBackup extends Construct {
  readonly plan: BackupPlan;
  readonly vault: BackupVault;

  constructor(scope: Construct, id: string, settings: StageSettings, table: ITable) {
    super(scope, id);
    this.vault = new BackupVault(this, 'Vault', { removalPolicy: removalPolicyOf(settings) });
    const deleteAfter = Duration.days(BACKUP_RETENTION_DAYS);
    const copy = settings.backupCopyVaultArn
      ? [
          {
            destinationBackupVault: BackupVault.fromBackupVaultArn(
              this,
              'CopyVault',
              settings.backupCopyVaultArn,
            ),
            deleteAfter,
          },
        ]
      : undefined;
    this.plan = new BackupPlan(this, 'Plan', { backupVault: this.vault });
    this.plan.addRule(
      new BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: Schedule.cron({ hour: '3', minute: '0' }),
        deleteAfter,
        copyActions: copy,
      }),
    );
    const selection = this.plan.addSelection('Table', {
      resources: [BackupResource.fromDynamoDbTable(table)],
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        "AWS Backup's own service-role policy, maintained by AWS for the backup service; the selection limits it to this table.",
    });
  }
}
