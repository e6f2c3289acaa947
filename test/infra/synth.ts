import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PulseStack } from '../../infra/aws/pulse-stack.js';
import { readSettings } from '../../infra/aws/settings.js';

/**
 * Builds the stack as `cdk synth` would for the given context, with bundling skipped (the
 * bundle-size test bundles for real). Returns the stack and its template.
 */
export const synthStack = (context: Record<string, unknown> = {}) => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const settings = readSettings(app.node);
  const stack = new PulseStack(app, `AlliancePulse-${settings.stage}`, { settings });
  return { app, stack, template: Template.fromStack(stack) };
};

/** The throwaway stage as documented: `-c stage=dev -c throwaway=true`. */
export const THROWAWAY = { stage: 'dev', throwaway: 'true' } as const;

type Resources = Record<
  string,
  { Type: string; Properties: Record<string, unknown>; [key: string]: unknown }
>;

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** The logical id of the Lambda function deployed for `name` (found by its Powertools service name). */
export const functionLogicalId = (template: Template, name: string): string => {
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: name } } },
  });
  const ids = Object.keys(functions);
  if (ids.length !== 1) throw new Error(`Expected one function named ${name}, found ${ids.length}`);
  return ids[0] as string;
};

/** Every IAM statement attached to the execution role of the function `name`, and the role itself. */
export const statementsOf = (template: Template, name: string) => {
  const resources = template.toJSON().Resources as Resources;
  const fn = resources[functionLogicalId(template, name)] as Resources[string];
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] as string;
  const statements = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => (r.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === roleId))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  return { role: resources[roleId], statements };
};

export const actionsOf = (statements: Statement[]): string[] =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

/** Resources rendered to strings (intrinsics as JSON), for "does it touch X" checks. */
export const resourcesOf = (statement: Statement): string[] =>
  (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]).map((r) =>
    typeof r === 'string' ? r : JSON.stringify(r),
  );
