import { errorResponse } from './responses';

/** Methods that change state and therefore need the same-origin check. */
export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery guard for state-changing requests. Passes when:
 * - `Origin` is one of `allowedOrigins`; or
 * - `Sec-Fetch-Site` is absent or `same-origin`, and `Origin` is absent or equals the request's own
 *   origin; and at least one of the two headers is present.
 *
 * Anything else (a cross-site or same-site `Sec-Fetch-Site`, a foreign or `null` Origin, or neither
 * header) is refused with 403. Returns the refusal, or `undefined` when the request may proceed.
 * Scripts (curl, CI jobs) must send `Origin: <the admin's origin>`.
 */
export function checkSameOrigin(request: Request, allowedOrigins: readonly string[]): Response | undefined {
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if (origin !== null && allowedOrigins.includes(origin)) return undefined;
  if (site !== null && site !== 'same-origin') {
    return errorResponse(
      403,
      `Cross-site request refused (Sec-Fetch-Site: ${site}); the admin API only accepts same-origin requests`,
    );
  }
  if (origin !== null) {
    const own = new URL(request.url).origin;
    if (origin !== own) {
      return errorResponse(
        403,
        `Cross-site request refused: Origin ${origin} is not ${own} and not in allowedOrigins`,
      );
    }
    return undefined;
  }
  if (site === 'same-origin') return undefined;
  return errorResponse(
    403,
    'State-changing requests need an Origin header (browsers send it; scripts must send Origin: <admin origin>) or Sec-Fetch-Site: same-origin',
  );
}
