import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a token was refused, or its claims. */
export type JwtVerification = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

function decodeJson(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Verifies a compact HS256 JWT: the header must say `alg: HS256` (anything else, `none` included, is
 * refused), the HMAC-SHA256 signature must match (compared in constant time), `exp` must be present
 * and in the future, and `nbf`, when present, in the past. `toleranceSec` allows for clock skew.
 */
export function verifyHs256Jwt(
  token: string,
  secret: string,
  nowMs: number,
  toleranceSec = 0,
): JwtVerification {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) {
    return { ok: false, reason: 'not a compact JWT (three base64url parts)' };
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: unknown;
  let claims: unknown;
  try {
    header = decodeJson(headerPart);
    claims = decodeJson(payloadPart);
  } catch {
    return { ok: false, reason: 'JWT header or payload is not base64url JSON' };
  }
  if (!isObject(header) || header.alg !== 'HS256') {
    return { ok: false, reason: `JWT algorithm ${isObject(header) ? String(header.alg) : '?'} is not HS256` };
  }
  if (!isObject(claims)) return { ok: false, reason: 'JWT payload is not an object' };
  const expected = createHmac('sha256', secret).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'JWT signature does not match' };
  }
  const now = nowMs / 1000;
  if (typeof claims.exp !== 'number') return { ok: false, reason: 'JWT has no numeric exp claim' };
  if (now >= claims.exp + toleranceSec) return { ok: false, reason: 'JWT has expired' };
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== 'number') return { ok: false, reason: 'JWT nbf claim is not a number' };
    if (now < claims.nbf - toleranceSec) return { ok: false, reason: 'JWT is not valid yet (nbf)' };
  }
  return { ok: true, claims };
}
