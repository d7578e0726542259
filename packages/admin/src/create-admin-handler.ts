import { describeError } from '@lifeline/core/adapter';
import { apiRoute } from './api/api-routes';
import { logRefusal } from './auth/log-refusal';
import { loginRoute, logoutRoute } from './auth/login-routes';
import type { AdminContext } from './context';
import { checkSameOrigin, STATE_CHANGING_METHODS } from './http/csrf';
import { lifelineErrorResponse } from './http/error-response';
import { assetResponse, errorResponse } from './http/responses';
import { type AdminHandlerOptions, resolveAdminOptions } from './options';
import { ADMIN_CSS } from './pages/assets/admin-css';
import { ADMIN_JS } from './pages/assets/admin-js';
import { notFoundPage, signInPage } from './pages/login-page';
import { pageRoute } from './pages/page-routes';

/** A Web-standard request handler: mount it in Next.js, Hono, Bun, Deno, or node:http via `toNodeListener`. */
export type AdminHandler = (request: Request) => Promise<Response>;

function segmentsOf(pathname: string, basePath: string): string[] | undefined {
  if (basePath !== '' && pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return undefined;
  const segments = pathname.slice(basePath.length).split('/').filter(Boolean);
  try {
    return segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/**
 * Creates the admin API and dashboard as one `(request) => Promise<Response>` handler.
 *
 * API (JSON): `GET {base}/api/failed-operations`, `GET|POST {base}/api/failed-operations/:id[/retry|/resolve]`,
 * `POST {base}/api/failed-operations/bulk`, `GET {base}/api/operations-health`. Pages (HTML):
 * `{base}/failed-operations[/:id]`, `{base}/operations-health`, `{base}/login`.
 *
 * Guarantees: every request except the two static assets and the login form is checked by `authorize`
 * (throws a ConfigurationError at creation when it is missing); the admin's identity is recorded as `by` on
 * every transition; state-changing requests must be same-origin (403) and JSON (415); every input is
 * validated (400 naming the field, reason and value received); unknown ids give 404, lost races 409; every
 * response has `Cache-Control: no-store`; the handler never throws (unexpected errors are logged, 500).
 *
 * @example
 * ```ts
 * const admin = createAdminHandler({ lifeline, authorize: bearerTokenAuthorizer({ token: process.env.ADMIN_TOKEN! }) });
 * // Next.js: app/admin/[[...path]]/route.ts
 * export { admin as GET, admin as POST };
 * ```
 */
export function createAdminHandler(options: AdminHandlerOptions): AdminHandler {
  const resolved = resolveAdminOptions(options);
  const { basePath, lifeline } = resolved;

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const segments = segmentsOf(url.pathname, basePath);
    if (!segments)
      return errorResponse(404, `Not an admin path (the admin is mounted at ${basePath || '/'})`);
    const method = request.method;
    const isApi = segments[0] === 'api';
    const [first, second] = segments;

    if (method === 'GET' && first === 'assets' && segments.length === 2) {
      if (second === 'admin.css') return assetResponse(ADMIN_CSS, 'text/css; charset=utf-8');
      if (second === 'admin.js') return assetResponse(ADMIN_JS, 'text/javascript; charset=utf-8');
      return errorResponse(404, 'No such asset');
    }
    if (STATE_CHANGING_METHODS.has(method)) {
      const refused = checkSameOrigin(request, resolved.allowedOrigins);
      if (refused) return refused;
    } else if (method !== 'GET') {
      return errorResponse(405, 'Method not allowed; use GET or POST', {}, { Allow: 'GET, POST' });
    }
    if (segments.length === 1 && (first === 'login' || first === 'logout') && method === 'POST') {
      if (!resolved.loginForm) return errorResponse(404, 'The login form is turned off (loginForm: false)');
      return first === 'login' ? loginRoute(request, resolved) : logoutRoute(request, resolved);
    }

    const decision = await resolved.authorize(request);
    if (!decision.ok) {
      logRefusal(lifeline, request, decision);
      if (isApi) {
        const headers: Record<string, string> =
          decision.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="lifeline-admin"' } : {};
        return errorResponse(decision.status, decision.reason, {}, headers);
      }
      if (method !== 'GET') return errorResponse(decision.status, decision.reason);
      const known =
        first === undefined ||
        ['failed-operations', 'incidents', 'bulk-jobs', 'operations-health', 'login'].includes(first);
      if (!known) return notFoundPage(basePath);
      const status = first === 'login' && decision.status === 401 ? 200 : decision.status;
      return signInPage({ basePath, status, reason: decision.reason, loginForm: resolved.loginForm });
    }
    const ctx: AdminContext = { request, url, admin: decision.admin, options: resolved };
    if (isApi) return apiRoute(ctx, segments.slice(1));
    if (method !== 'GET') return errorResponse(405, 'Dashboard pages only answer GET', {}, { Allow: 'GET' });
    return pageRoute(ctx, segments);
  }

  return async (request) => {
    try {
      return await route(request);
    } catch (error) {
      const mapped = lifelineErrorResponse(error);
      if (mapped) return mapped;
      lifeline.logger.error('lifeline admin: request failed', {
        method: request.method,
        url: request.url,
        error: describeError(error),
      });
      return errorResponse(500, 'The admin handler failed; the server log has the details');
    }
  };
}
