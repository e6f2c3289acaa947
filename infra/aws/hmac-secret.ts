import { Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { removalPolicyOf, type StageSettings } from './settings.js';

/**
 * The server secret for response and comment keys (privacy rule 2). Generated once by Secrets
 * Manager, read once per cold start by the functions that derive keys, never rotated, and retained
 * with the stack: losing it makes every stored response key unreproducible. Any edit to
 * `generateSecretString` would make CloudFormation replace the secret with a new value, so a test
 * pins it whole.
 */
export class HmacSecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, settings: StageSettings) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Alliance Pulse: HMAC key for response and comment keys. Never rotate or change it.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: removalPolicyOf(settings),
      // Escrow: a read-only copy in a second region, so losing the region does not lose the key.
      replicaRegions: settings.secretReplicaRegion ? [{ region: settings.secretReplicaRegion }] : undefined,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "Rotating it would split a wave's responses: a resubmission would get a new key and be counted twice, and earlier answers could not be read back or replaced.",
    });
  }
}
