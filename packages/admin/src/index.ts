/**
 * `@lifeline/admin`: the admin API and dashboard for Lifeline, as one Web-standard
 * `(request: Request) => Promise<Response>` handler. Failed operations (filter, inspect, retry, resolve,
 * bulk) and operations health (rates against targets, outcomes per hour, alerts), server-rendered with a
 * little plain JS: no build step, no CDN.
 *
 * ```sh
 * npm install @lifeline/admin @lifeline/core
 * ```
 *
 * ```ts
 * // app/admin/[[...path]]/route.ts (Next.js App Router)
 * import { bearerTokenAuthorizer, createAdminHandler } from '@lifeline/admin';
 * import { lifeline } from '@/lib/lifeline';
 *
 * const admin = createAdminHandler({
 *   lifeline,
 *   basePath: '/admin',
 *   authorize: bearerTokenAuthorizer({ token: process.env.LIFELINE_ADMIN_TOKEN!, admin: 'ops' }),
 * });
 * export { admin as GET, admin as POST };
 * ```
 *
 * @module
 */
export type { FailedOperationsPage } from './api/list-failed-operations';
export { isSecretKey, MASK, type Masked, maskSecrets } from './api/mask';
export type { OperationsHealth, RecentAlert } from './api/operations-health';
export type { FailedOperationView } from './api/present-entry';
export { ADMIN_TOKEN_COOKIE, type AuthorizationResult, type Authorizer } from './auth/authorizer';
export { type BearerTokenAuthorizerOptions, bearerTokenAuthorizer } from './auth/bearer-token-authorizer';
export { type SupabaseJwtAuthorizerOptions, supabaseJwtAuthorizer } from './auth/supabase-jwt-authorizer';
export { type AdminHandler, createAdminHandler } from './create-admin-handler';
export { toNodeListener, type WebHandler } from './node-adapter';
export type { AdminHandlerOptions } from './options';
