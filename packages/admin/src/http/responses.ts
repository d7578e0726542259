import type { SafeHtml } from './html';

/**
 * Headers on every response: never cached (admin data is live and private), never framed, never sniffed,
 * no referrer, and a Content-Security-Policy that allows only this package's own script and stylesheet.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

function withSecurity(init: ResponseInit, contentType: string): ResponseInit {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  headers.set('Content-Type', contentType);
  return { ...init, headers };
}

/** A JSON response with the security headers (`Cache-Control: no-store` included). */
export function jsonResponse(body: unknown, status = 200, headers?: HeadersInit): Response {
  return new Response(
    JSON.stringify(body),
    withSecurity({ status, headers }, 'application/json; charset=utf-8'),
  );
}

/** An HTML response with the security headers. */
export function htmlResponse(page: SafeHtml, status = 200, headers?: HeadersInit): Response {
  return new Response(
    `<!doctype html>\n${page.value}`,
    withSecurity({ status, headers }, 'text/html; charset=utf-8'),
  );
}

/** A static asset (the dashboard's own CSS or JS) with the security headers. */
export function assetResponse(body: string, contentType: string): Response {
  return new Response(body, withSecurity({ status: 200 }, contentType));
}

/** A redirect (303) with the security headers. */
export function redirectResponse(location: string): Response {
  return new Response(
    null,
    withSecurity({ status: 303, headers: { Location: location } }, 'text/plain; charset=utf-8'),
  );
}

/** A JSON error: `{ error, ...extra }`. */
export function errorResponse(
  status: number,
  error: string,
  extra: Record<string, unknown> = {},
  headers?: HeadersInit,
): Response {
  return jsonResponse({ error, ...extra }, status, headers);
}
