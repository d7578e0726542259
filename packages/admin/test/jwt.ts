import { createHmac } from 'node:crypto';

/** A Supabase project JWT secret for tests. */
export const JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

/** Signs claims as an HS256 JWT the way Supabase Auth does (test-side, independent of the code under test). */
export function signJwt(
  claims: Record<string, unknown>,
  options: { secret?: string; alg?: string } = {},
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = `${encode({ alg: options.alg ?? 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createHmac('sha256', options.secret ?? JWT_SECRET)
    .update(head)
    .digest('base64url');
  return `${head}.${signature}`;
}
