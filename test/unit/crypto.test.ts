import { describe, expect, it } from 'vitest';
import { responseKeys } from '../../lib/app/respond.js';
import { hashSecret, hmac, looksLikeToken, newSecretToken, secretsEqual } from '../../lib/crypto.js';
import { shardOf } from '../../lib/stores/dynamodb/table.js';

describe('tokens', () => {
  it('carries 256 bits in 43 URL-safe characters and never repeats', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newSecretToken));

    expect(tokens.size).toBe(1000);
    for (const t of tokens) {
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
      expect(looksLikeToken(t)).toBe(true);
    }
  });

  it('is stored as a hash that differs from the token and is stable', () => {
    const token = newSecretToken();

    expect(hashSecret(token)).not.toBe(token);
    expect(hashSecret(token)).toBe(hashSecret(token));
    expect(hashSecret(token)).not.toContain(token.slice(0, 8));
  });

  it('compares secrets regardless of length without throwing', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', 'x')).toBe(false);
  });

  it('rejects strings that cannot be tokens', () => {
    for (const junk of ['', 'short', `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`, 'a'.repeat(44)]) {
      expect(looksLikeToken(junk)).toBe(false);
    }
  });
});

describe('response keys (privacy rule 2)', () => {
  const secret = Buffer.from('s'.repeat(32));
  const otherSecret = Buffer.from('t'.repeat(32));
  const token = newSecretToken();

  it('are stable for a link within a wave, so a resubmission replaces', () => {
    expect(responseKeys(secret, token, 'w1')).toEqual(responseKeys(secret, token, 'w1'));
  });

  it('differ across waves, from the comment key, and with another secret', () => {
    const w1 = responseKeys(secret, token, 'w1');
    const w2 = responseKeys(secret, token, 'w2');

    expect(w1.response).not.toBe(w2.response);
    expect(w1.response).not.toBe(w1.comment);
    expect(responseKeys(otherSecret, token, 'w1').response).not.toBe(w1.response);
  });

  it('length-prefix the parts so ("ab","c") and ("a","bc") differ', () => {
    expect(hmac(secret, 'ab', 'c')).not.toBe(hmac(secret, 'a', 'bc'));
  });

  it('spread over shards roughly evenly', () => {
    const counts = new Array(16).fill(0);
    for (let i = 0; i < 16_000; i++)
      counts[shardOf(responseKeys(secret, newSecretToken(), 'w1').response, 16)]++;

    for (const n of counts) expect(n).toBeGreaterThan(800);
  });
});
