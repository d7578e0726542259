import { ConfigurationError } from '@lifeline/core';
import { z } from 'zod';
import { ADMIN_TOKEN_COOKIE, type Authorizer } from './authorizer';
import { readToken } from './read-token';
import { verifyHs256Jwt } from './verify-hs256-jwt';

/** Options of {@link supabaseJwtAuthorizer}. */
export interface SupabaseJwtAuthorizerOptions {
  /** The project's JWT secret (Supabase dashboard → Settings → API → JWT secret). */
  jwtSecret: string;
  /** Dotted path of the claim that marks an admin; default `'app_metadata.role'` (users cannot edit app_metadata). */
  adminClaim?: string;
  /** The value that claim must have (or contain, when it is an array); default `'admin'`. */
  adminValue?: string;
  /** When set, the `aud` claim must equal it (Supabase uses `'authenticated'`). */
  audience?: string;
  /** Cookies tried after the Authorization header; default `['sb-access-token', 'lifeline_admin_token']`. */
  cookieNames?: readonly string[];
  /** Allowed clock skew for `exp` and `nbf`, in seconds; default 0. */
  clockToleranceSec?: number;
  /** Current time in epoch ms; default `Date.now` (tests pass a virtual clock's `now`). */
  now?: () => number;
}

const optionsSchema = z.object({
  jwtSecret: z.string().min(32, 'must be the project JWT secret (at least 32 characters)'),
  adminClaim: z
    .string()
    .regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'a dotted claim path such as app_metadata.role')
    .optional(),
  adminValue: z.string().min(1).optional(),
  audience: z.string().min(1).optional(),
  cookieNames: z.array(z.string().min(1)).optional(),
  clockToleranceSec: z.number().min(0).max(300).optional(),
  now: z
    .custom<() => number>((value) => value === undefined || typeof value === 'function', 'a function')
    .optional(),
});

function claimAt(claims: Record<string, unknown>, path: string): unknown {
  let current: unknown = claims;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * An {@link Authorizer} for apps on Supabase Auth: verifies the user's access token (HS256, signed with
 * the project's JWT secret) from `Authorization: Bearer` or a cookie, checks `exp`, `nbf` (and `aud`
 * when configured), then the admin claim. Bad, expired or missing token: 401. A valid token without
 * the admin claim: 403. The admin identity is the token's `email`, or its `sub`.
 *
 * Projects that moved to asymmetric JWT signing keys (ES256/RS256) need their own authorizer.
 *
 * @example
 * ```ts
 * createAdminHandler({ lifeline, authorize: supabaseJwtAuthorizer({ jwtSecret: process.env.SUPABASE_JWT_SECRET! }) });
 * ```
 */
export function supabaseJwtAuthorizer(options: SupabaseJwtAuthorizerOptions): Authorizer {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`)
      .join('; ');
    throw new ConfigurationError(`supabaseJwtAuthorizer: ${detail}`);
  }
  const { jwtSecret, audience } = parsed.data;
  const adminClaim = parsed.data.adminClaim ?? 'app_metadata.role';
  const adminValue = parsed.data.adminValue ?? 'admin';
  const cookieNames = parsed.data.cookieNames ?? ['sb-access-token', ADMIN_TOKEN_COOKIE];
  const now = options.now ?? Date.now;
  return async (request) => {
    const found = readToken(request, cookieNames);
    if (!found)
      return {
        ok: false,
        status: 401,
        reason: 'Missing access token: send Authorization: Bearer <Supabase access token> or sign in',
      };
    const verified = verifyHs256Jwt(found.token, jwtSecret, now(), parsed.data.clockToleranceSec ?? 0);
    if (!verified.ok)
      return {
        ok: false,
        status: 401,
        reason: verified.reason.includes('expired')
          ? 'Your session has expired: sign in again'
          : 'Invalid access token: sign in again',
        detail: `access token from the ${found.source}: ${verified.reason}`,
      };
    const { claims } = verified;
    if (audience !== undefined && claims.aud !== audience) {
      return {
        ok: false,
        status: 401,
        reason: 'Invalid access token: sign in again',
        detail: `access token audience ${String(claims.aud)} is not ${audience}`,
      };
    }
    const identity =
      typeof claims.email === 'string' && claims.email
        ? claims.email
        : typeof claims.sub === 'string'
          ? claims.sub
          : undefined;
    if (!identity)
      return {
        ok: false,
        status: 401,
        reason: 'Invalid access token: sign in again',
        detail: 'access token has neither email nor sub',
      };
    const value = claimAt(claims, adminClaim);
    const isAdmin = Array.isArray(value) ? value.includes(adminValue) : value === adminValue;
    if (!isAdmin)
      return {
        ok: false,
        status: 403,
        reason: `${identity} is not an admin`,
        detail: `${adminClaim} is not ${adminValue}`,
      };
    return { ok: true, admin: identity };
  };
}
