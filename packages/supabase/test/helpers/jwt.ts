import { createHmac, timingSafeEqual } from 'node:crypto';

/** The JWT secret of the test project (Supabase signs its keys and sessions with HS256). */
export const JWT_SECRET = 'lifeline-test-jwt-secret-with-at-least-32-characters';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signature = (input: string, secret: string) => createHmac('sha256', secret).update(input).digest();

/** Signs `claims` as an HS256 JWT valid for an hour, like a Supabase API key or session token. */
export function signJwt(claims: Record<string, unknown>, secret = JWT_SECRET): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ iss: 'supabase', iat: now, exp: now + 3600, ...claims })}`;
  return `${input}.${signature(input, secret).toString('base64url')}`;
}

/** The claims of an HS256 JWT signed with `secret` and not expired; throws otherwise. */
export function verifyJwt(token: string, secret = JWT_SECRET): Record<string, unknown> {
  const [header, payload, sig, ...rest] = token.split('.');
  if (!header || !payload || sig === undefined || rest.length > 0) throw new Error('malformed JWT');
  const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
  if (alg !== 'HS256') throw new Error(`unsupported JWT alg ${String(alg)}`);
  const expected = signature(`${header}.${payload}`, secret);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new Error('bad JWT signature');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) throw new Error('JWT expired');
  return claims;
}

/** Claims of the kinds of caller the tests use. */
export const CLAIMS = {
  anon: { role: 'anon' },
  serviceRole: { role: 'service_role' },
  user: {
    role: 'authenticated',
    sub: '00000000-0000-4000-8000-000000000001',
    app_metadata: { provider: 'email', role: 'user' },
  },
  admin: {
    role: 'authenticated',
    sub: '00000000-0000-4000-8000-000000000002',
    app_metadata: { provider: 'email', role: 'admin' },
  },
} as const;
