import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** The prefix the Standard Webhooks spec gives symmetric (HMAC-SHA256) signing secrets. */
export const SECRET_PREFIX = 'whsec_';

/**
 * A Standard Webhooks signing secret: `whsec_` followed by the base64 of 24 to 64 random bytes (the spec
 * asks for at least 24).
 */
export const signingSecretSchema = z
  .string()
  .regex(
    /^whsec_[A-Za-z0-9+/]+={0,2}$/,
    'must be `whsec_` followed by base64 (generate one with generateSigningSecret())',
  )
  .refine((secret) => {
    const bytes = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, 'must encode 24 to 64 bytes after `whsec_`');

/** A new random signing secret, `whsec_` + base64 of 32 random bytes. */
export function generateSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}
