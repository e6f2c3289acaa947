import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PulseStack } from './pulse-stack.js';
import { RespondentFirewall } from './respondent-firewall.js';
import { readSettings } from './settings.js';

/**
 * The CDK app (`cdk.json` runs it with tsx). Per stage, the main stack (no account or region in code,
 * so synth works offline and deploy targets whatever the CLI's credentials point at) and its WAF
 * stack, pinned to us-east-1 as WAF for CloudFront requires. cdk-nag's
 * AwsSolutions pack runs on every synth: an unacknowledged finding stops it.
 */
const app = new App();
const settings = readSettings(app.node);
// WAF for CloudFront exists only in us-east-1: its own stack, attached to the main one by ARN.
new RespondentFirewall(app, `AlliancePulse-${settings.stage}-waf`, {
  settings,
  env: { region: 'us-east-1' },
  description: `Alliance Pulse WAF for CloudFront (${settings.stage}); deploy before AlliancePulse-${settings.stage}`,
});
new PulseStack(app, `AlliancePulse-${settings.stage}`, {
  settings,
  description: `Alliance Pulse (${settings.stage}${settings.throwaway ? ', throwaway' : ''})`,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
