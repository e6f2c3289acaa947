import { describe, expect, it } from 'vitest';
import { ENV } from '../../lib/config.js';
import { TABLE } from '../../lib/stores/dynamodb/table.js';
import { synthStack } from './synth.js';

// Synthesised once at load, as the other infra tests do: under load a synth outlasts a test's timeout.
const byDefault = synthStack().template;
const configured = synthStack({ retentionMonths: '36' }).template;

/** The environment of every function, by its Powertools service name. */
const environments = (template: typeof byDefault) =>
  new Map(
    Object.values(template.findResources('AWS::Lambda::Function')).map((fn) => {
      const variables = (fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
      return [variables.POWERTOOLS_SERVICE_NAME, variables] as const;
    }),
  );

describe('retention (lib/domain/retention.ts)', () => {
  it('turns on DynamoDB TTL on the attribute the job stamps', () => {
    byDefault.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: TABLE.timeToLive, Enabled: true },
    });
  });

  it('gives every function that can run the job or shows the setting the deployment default (12, or the context)', () => {
    for (const [template, months] of [
      [byDefault, '12'],
      [configured, '36'],
    ] as const) {
      const env = environments(template);
      for (const name of ['aggregate', 'aggregate-survey', 'admin', 'console']) {
        expect(env.get(name), name).toMatchObject({ [ENV.retentionMonths]: months });
      }
      expect(env.get('respondent')?.[ENV.retentionMonths], 'respondents never purge').toBeUndefined();
    }
  });
});
