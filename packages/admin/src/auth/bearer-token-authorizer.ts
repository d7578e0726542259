import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigurationError } from '@lifeline/core';
import { z } from 'zod';
import { ADMIN_TOKEN_COOKIE, type Authorizer } from './authorizer';
import { readToken } from './read-token';

/** Options of {@link bearerTokenAuthorizer}. */
export interface BearerTokenAuthorizerOptions {
  /** The shared secret (at least 16 characters), or several to rotate without downtime. */
  token: string | readonly string[];
  /** The identity recorded on transitions made with this token; default `'admin'`. */
  admin?: string;
  /** The cookie the login form sets; default {@link ADMIN_TOKEN_COOKIE}. */
  cookieName?: string;
}

const optionsSchema = z.object({
  token: z.union([
    z.string().min(16, 'must be at least 16 characters (use a random secret, e.g. `openssl rand -hex 32`)'),
    z.array(z.string().min(16, 'must be at least 16 characters')).min(1, 'must hold at least one token'),
  ]),
  admin: z.string().min(1).max(200).optional(),
  cookieName: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .optional(),
});

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * An {@link Authorizer} for one shared admin token, sent as `Authorization: Bearer <token>` or held in
 * the login form's HttpOnly cookie. The comparison takes the same time whatever the guess: both sides
 * are hashed to equal-length SHA-256 digests and compared with `timingSafeEqual`, and every configured
 * token is checked (no early exit). Missing or wrong token: 401.
 *
 * @example
 * ```ts
 * createAdminHandler({ lifeline, authorize: bearerTokenAuthorizer({ token: process.env.ADMIN_TOKEN!, admin: 'ops' }) });
 * ```
 */
export function bearerTokenAuthorizer(options: BearerTokenAuthorizerOptions): Authorizer {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`)
      .join('; ');
    throw new ConfigurationError(`bearerTokenAuthorizer: ${detail}`);
  }
  const expected = (typeof parsed.data.token === 'string' ? [parsed.data.token] : parsed.data.token).map(
    digest,
  );
  const admin = parsed.data.admin ?? 'admin';
  const cookieNames = [parsed.data.cookieName ?? ADMIN_TOKEN_COOKIE];
  return async (request) => {
    const found = readToken(request, cookieNames);
    if (!found)
      return {
        ok: false,
        status: 401,
        reason: 'Missing admin token: send Authorization: Bearer <token> or sign in',
      };
    const given = digest(found.token);
    let match = false;
    for (const candidate of expected) match = timingSafeEqual(given, candidate) || match;
    return match
      ? { ok: true, admin }
      : {
          ok: false,
          status: 401,
          reason: 'Invalid admin token: check it and sign in again',
          detail: `the token from the ${found.source} matches no configured token`,
        };
  };
}
