import { z } from 'zod';
import { serializeCookie } from '../http/cookies';
import { readJsonBody } from '../http/read-json-body';
import { errorResponse, jsonResponse } from '../http/responses';
import type { ResolvedAdminOptions } from '../options';
import { ADMIN_TOKEN_COOKIE } from './authorizer';
import { logRefusal } from './log-refusal';

/** How long the login cookie lasts: one working day. */
export const SESSION_MAX_AGE_SEC = 8 * 60 * 60;

const loginSchema = z.strictObject({
  token: z.string().trim().min(1, 'must not be empty').max(8192, 'is too long'),
});

const cookiePath = (options: ResolvedAdminOptions) => options.basePath || '/';
const isHttps = (request: Request) => new URL(request.url).protocol === 'https:';

/**
 * `POST {base}/login` with `{ token }` (JSON, same-origin, like every state-changing request): checks the
 * token with the configured `authorize` (as if sent as `Authorization: Bearer <token>`), and only then
 * stores it in an HttpOnly, SameSite=Strict cookie scoped to the base path (Secure on https), for
 * {@link SESSION_MAX_AGE_SEC}. A refused token gets the authorizer's 401/403 and no cookie.
 */
export async function loginRoute(request: Request, options: ResolvedAdminOptions): Promise<Response> {
  const body = await readJsonBody(request, loginSchema, 'login request');
  if (!body.ok) return body.response;
  const probe = new Request(request.url, { headers: { authorization: `Bearer ${body.value.token}` } });
  const decision = await options.authorize(probe);
  if (!decision.ok) {
    logRefusal(options.lifeline, request, decision);
    return errorResponse(decision.status, decision.reason);
  }
  const cookie = serializeCookie(ADMIN_TOKEN_COOKIE, body.value.token, {
    path: cookiePath(options),
    maxAge: SESSION_MAX_AGE_SEC,
    secure: isHttps(request),
  });
  return jsonResponse({ admin: decision.admin }, 200, { 'Set-Cookie': cookie });
}

/** `POST {base}/logout` with `{}` (JSON, same-origin): deletes the login cookie. */
export async function logoutRoute(request: Request, options: ResolvedAdminOptions): Promise<Response> {
  const body = await readJsonBody(request, z.strictObject({}), 'logout request');
  if (!body.ok) return body.response;
  const cookie = serializeCookie(ADMIN_TOKEN_COOKIE, '', {
    path: cookiePath(options),
    maxAge: 0,
    secure: isHttps(request),
  });
  return jsonResponse({ ok: true }, 200, { 'Set-Cookie': cookie });
}
