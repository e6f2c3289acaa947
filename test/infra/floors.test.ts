import { describe, expect, it } from 'vitest';
import { ENV } from '../../lib/config.js';
import { synthStack } from './synth.js';

// Synthesised once at load, as the other infra tests do: under load a synth outlasts a test's timeout.
const { template } = synthStack();

describe('threshold floors (privacy rule 9)', () => {
  it('gives the respondent, admin and aggregation functions the deployment floors (default 5 and 10)', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Environment?.Variables?.[ENV.tableName] !== undefined,
    );
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const fn of functions) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        [ENV.minGroupSizeFloor]: '5',
        [ENV.minCommentGroupSizeFloor]: '10',
      });
    }
  });
});
