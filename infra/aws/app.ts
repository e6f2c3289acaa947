import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PulseStack } from './pulse-stack.js';
import { readSettings } from './settings.js';

/**
 * The CDK app (`cdk.json` runs it with tsx). One stack per stage; no account or region in code, so
 * synth works offline and deploy targets whatever the CLI's credentials point at. cdk-nag's
 * AwsSolutions pack runs on every synth: an unacknowledged finding stops it.
 */
const app = new App();
const settings = readSettings(app.node);
new PulseStack(app, `AlliancePulse-${settings.stage}`, {
  settings,
  description: `Alliance Pulse (${settings.stage}${settings.throwaway ? ', throwaway' : ''})`,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
