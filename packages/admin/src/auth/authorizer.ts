/** What an {@link Authorizer} decides: the acting admin's identity, or a refusal with its HTTP status. */
export type AuthorizationResult =
  | {
      /** Allowed. */
      ok: true;
      /** The admin's identity, recorded as `by` on every transition. */
      admin: string;
    }
  | {
      /** Refused. */
      ok: false;
      /** 401: not authenticated; 403: authenticated but not an admin. */
      status: 401 | 403;
      /** Why, for the response body and the sign-in page: plain words for the person, no internals. */
      reason: string;
      /**
       * What exactly was wrong (which header or cookie, why a JWT failed), for the server log only:
       * the handler logs it and never sends it to the client.
       */
      detail?: string;
    };

/**
 * Decides who may use the admin API and dashboard. Return `{ ok: true, admin }` with the identity that
 * is recorded on every transition (`by`), `{ ok: false, status: 401 }` when the request is not
 * authenticated, and `{ ok: false, status: 403 }` when it is authenticated but not an admin.
 * Required: `createAdminHandler` has no default that lets anyone in.
 *
 * @example
 * ```ts
 * declare function getSessionUser(request: Request): Promise<{ email: string; isAdmin: boolean } | undefined>;
 *
 * const authorize: Authorizer = async (request) => {
 *   const user = await getSessionUser(request);
 *   if (!user) return { ok: false, status: 401, reason: 'sign in first' };
 *   return user.isAdmin ? { ok: true, admin: user.email } : { ok: false, status: 403, reason: 'admins only' };
 * };
 * ```
 */
export type Authorizer = (request: Request) => Promise<AuthorizationResult>;

/**
 * The cookie the dashboard's login form sets (HttpOnly, SameSite=Strict, scoped to the base path).
 * It holds the token the admin typed; the ready-made authorizers read it after the Authorization header.
 */
export const ADMIN_TOKEN_COOKIE = 'lifeline_admin_token';

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearerFromHeader(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  if (!header) return undefined;
  const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}
