import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../../lib/config.js';

const base = { PULSE_TABLE_NAME: 't', PULSE_HMAC_SECRET_ARN: 'arn:secret' };

describe('PULSE_PUBLIC_BASE_URL', () => {
  it('is the origin survey links use, when set', () => {
    expect(loadRuntimeConfig(base).publicBaseUrl).toBeUndefined();
    expect(
      loadRuntimeConfig({ ...base, PULSE_PUBLIC_BASE_URL: 'https://pulse.example.nhs.uk' }).publicBaseUrl,
    ).toBe('https://pulse.example.nhs.uk');
  });

  it('refuses anything but an http(s) origin without a trailing slash', () => {
    for (const bad of [
      'pulse.example.nhs.uk',
      'ftp://pulse.example.nhs.uk',
      'https://pulse.example.nhs.uk/',
    ]) {
      expect(() => loadRuntimeConfig({ ...base, PULSE_PUBLIC_BASE_URL: bad }), bad).toThrow(
        /PULSE_PUBLIC_BASE_URL/,
      );
    }
  });
});
