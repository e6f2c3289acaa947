import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits from the CSPRNG, URL-safe: survey-link tokens and edit keys. */
export const newSecretToken = (): string => randomBytes(32).toString('base64url');

/** A short random id for things whose id is not a secret (links). */
export const newId = (): string => randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').toLowerCase();

/** How tokens and edit keys are stored: a SHA-256 digest (the token has 256 bits of entropy, so no salt is needed). */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

/** HMAC-SHA256 over the parts, each length-prefixed so that ("ab","c") and ("a","bc") differ. */
export const hmac = (key: Buffer, ...parts: string[]): string => {
  const mac = createHmac('sha256', key);
  for (const part of parts) {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    mac.update(length).update(bytes);
  }
  return mac.digest('base64url');
};

/** Compares two secrets in constant time (hashing first makes the lengths equal). */
export const secretsEqual = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** The shape a token must have before we look it up (keeps junk out of the table and the logs). */
export const looksLikeToken = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);
