import { describe, expect, it } from 'vitest';
import { loadLocalConfig } from '../../infra/local/config.js';

describe('PULSE_DYNAMODB_VIA and PULSE_S3_VIA (the local stack)', () => {
  it('default to the emulators themselves, and take a loopback address', () => {
    expect(loadLocalConfig({}).via).toEqual({ dynamoDb: undefined, s3: undefined });
    expect(
      loadLocalConfig({ PULSE_DYNAMODB_VIA: 'http://127.0.0.1:4600', PULSE_S3_VIA: 'http://localhost:4601' })
        .via,
    ).toEqual({ dynamoDb: 'http://127.0.0.1:4600', s3: 'http://localhost:4601' });
  });

  it('refuse anything that could send local data off the machine', () => {
    for (const bad of [
      'http://10.0.0.1:4600',
      'http://dynamodb.eu-west-2.amazonaws.com',
      'https://127.0.0.1:4600',
      'http://127.0.0.1:4600/path',
      '127.0.0.1:4600',
    ]) {
      expect(() => loadLocalConfig({ PULSE_DYNAMODB_VIA: bad }), bad).toThrow(
        /PULSE_DYNAMODB_VIA must be a loopback/,
      );
      expect(() => loadLocalConfig({ PULSE_S3_VIA: bad }), bad).toThrow(/PULSE_S3_VIA must be a loopback/);
    }
  });
});
