import { isConfigurationError } from '@lifeline/core';
import { describe, expect, test } from 'vitest';
import { bearerTokenAuthorizer } from '../src/auth/bearer-token-authorizer';
import { supabaseJwtAuthorizer } from '../src/auth/supabase-jwt-authorizer';
import { createAdminHandler } from '../src/create-admin-handler';
import { ORIGIN, seededAdmin, TOKEN } from './harness';
import { JWT_SECRET, signJwt } from './jwt';

describe('configuration', () => {
  test('authorize is required: no handler without it', async () => {
    const { lifeline } = await seededAdmin();
    let thrown: unknown;
    try {
      createAdminHandler({ lifeline } as never);
    } catch (error) {
      thrown = error;
    }
    expect(isConfigurationError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/authorize is required/);
    expect(() => createAdminHandler({ authorize: async () => ({ ok: true, admin: 'x' }) } as never)).toThrow(
      /lifeline must be the runtime/,
    );
    expect(() =>
      createAdminHandler({ lifeline, authorize: async () => ({ ok: true, admin: 'x' }), basePath: 'admin' }),
    ).toThrow(/basePath/);
    expect(() =>
      createAdminHandler({
        lifeline,
        authorize: async () => ({ ok: true, admin: 'x' }),
        allowedOrigins: ['https://a.test/path'],
      }),
    ).toThrow(/allowedOrigins/);
  });

  test('bearerTokenAuthorizer refuses short or missing tokens', () => {
    expect(() => bearerTokenAuthorizer({ token: 'short' })).toThrow(/at least 16 characters/);
    expect(() => bearerTokenAuthorizer({ token: [] })).toThrow(/at least one token/);
    expect(() => supabaseJwtAuthorizer({ jwtSecret: 'short' })).toThrow(/jwtSecret/);
  });
});

describe('bearer token', () => {
  test('none → 401 with WWW-Authenticate, wrong → 401, right → 200', async () => {
    const { call } = await seededAdmin();
    const none = await call('/admin/api/failed-operations', { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(none.headers.get('cache-control')).toBe('no-store');
    const wrong = await call('/admin/api/failed-operations', { token: `${TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toBe('Invalid admin token: check it and sign in again');
    // Where the token came from and why it failed go to the server log, not to the client.
    expect(wrong.text).not.toMatch(/header|cookie|configured/);
    expect((await call('/admin/api/failed-operations', { token: 'short' })).status).toBe(401);
    expect((await call('/admin/api/failed-operations')).status).toBe(200);
  });

  test('state-changing requests are authorized too, and nothing changes without auth', async () => {
    const ctx = await seededAdmin();
    const [entry] = await ctx.entries();
    const response = await ctx.call(`/admin/api/failed-operations/${entry!.id}/resolve`, {
      body: { note: 'x' },
      token: 'nope-nope-nope-nope',
    });
    expect(response.status).toBe(401);
    expect((await ctx.lifeline.deadLetters.get(entry!.id))!.status).toBe('open');
  });

  test('several tokens rotate; each is accepted, the admin identity is configurable', async () => {
    const authorize = bearerTokenAuthorizer({
      token: ['old-token-0123456789', 'new-token-0123456789'],
      admin: 'ops',
    });
    const ask = (token: string) =>
      authorize(new Request(`${ORIGIN}/admin`, { headers: { authorization: `Bearer ${token}` } }));
    expect(await ask('old-token-0123456789')).toEqual({ ok: true, admin: 'ops' });
    expect(await ask('new-token-0123456789')).toEqual({ ok: true, admin: 'ops' });
    expect(await ask('other-token-0123456789')).toMatchObject({ ok: false, status: 401 });
  });

  test('the login cookie is read after the Authorization header', async () => {
    const authorize = bearerTokenAuthorizer({ token: TOKEN });
    const withCookie = new Request(`${ORIGIN}/admin`, {
      headers: { cookie: `a=b; lifeline_admin_token=${TOKEN}` },
    });
    expect(await authorize(withCookie)).toEqual({ ok: true, admin: 'admin' });
  });
});

describe('supabase JWT', () => {
  const now = Date.UTC(2026, 0, 10, 12);
  const seconds = now / 1000;
  const admin = {
    sub: 'u_1',
    email: 'ada@example.com',
    aud: 'authenticated',
    exp: seconds + 3600,
    app_metadata: { role: 'admin' },
  };

  async function withSupabase() {
    const ctx = await seededAdmin({
      authorize: supabaseJwtAuthorizer({ jwtSecret: JWT_SECRET, audience: 'authenticated', now: () => now }),
    });
    return ctx;
  }

  test('admin → 200 and recorded as `by`; non-admin → 403', async () => {
    const ctx = await withSupabase();
    const [entry] = await ctx.entries();
    const ok = await ctx.call(`/admin/api/failed-operations/${entry!.id}/resolve`, {
      body: { note: 'handled' },
      token: signJwt(admin),
    });
    expect(ok.status).toBe(200);
    expect(ok.json.entry.resolvedBy).toBe('ada@example.com');
    const user = signJwt({ ...admin, email: 'bob@example.com', app_metadata: { role: 'customer' } });
    const forbidden = await ctx.call('/admin/api/failed-operations', { token: user });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.error).toContain('bob@example.com is not an admin');
    const userMetadataOnly = signJwt({ ...admin, app_metadata: {}, user_metadata: { role: 'admin' } });
    expect((await ctx.call('/admin/api/failed-operations', { token: userMetadataOnly })).status).toBe(403);
  });

  test.each([
    ['expired', signJwt({ ...admin, exp: seconds - 1 }), /JWT has expired/],
    ['no exp', signJwt({ ...admin, exp: undefined }), /no numeric exp/],
    ['not yet valid', signJwt({ ...admin, nbf: seconds + 60 }), /nbf/],
    ['wrong secret', signJwt(admin, { secret: 'another-secret-another-secret-another-secret' }), /signature/],
    ['alg none', `${signJwt(admin, { alg: 'none' }).split('.').slice(0, 2).join('.')}.`, /not HS256/],
    [
      'tampered claims',
      (() => {
        const [head, , signature] = signJwt({ ...admin, app_metadata: { role: 'customer' } }).split('.');
        return `${head}.${Buffer.from(JSON.stringify(admin)).toString('base64url')}.${signature}`;
      })(),
      /signature/,
    ],
    ['wrong audience', signJwt({ ...admin, aud: 'anon' }), /audience/],
    ['garbage', 'not-a-jwt', /compact JWT/],
  ])('%s → 401', async (_name, token, reason) => {
    const ctx = await withSupabase();
    const response = await ctx.call('/admin/api/failed-operations', { token });
    expect(response.status).toBe(401);
    // The client is told to sign in again, in plain words; the JWT internals are only in the server log.
    expect(response.json.error).toMatch(/^(Invalid access token|Your session has expired): sign in again$/);
    expect(response.text).not.toMatch(reason);
    const logged = ctx.logger.lines.find((line) => line.message === 'lifeline admin: request refused');
    expect(String(logged?.fields?.detail)).toMatch(reason);
  });

  test('reads the sb-access-token cookie; an array claim may contain the admin value', async () => {
    const authorize = supabaseJwtAuthorizer({
      jwtSecret: JWT_SECRET,
      adminClaim: 'app_metadata.roles',
      now: () => now,
    });
    const token = signJwt({ ...admin, app_metadata: { roles: ['support', 'admin'] } });
    const request = new Request(`${ORIGIN}/admin`, { headers: { cookie: `sb-access-token=${token}` } });
    expect(await authorize(request)).toEqual({ ok: true, admin: 'ada@example.com' });
  });
});

describe('login form (cookie)', () => {
  test('a good token sets an HttpOnly SameSite=Strict cookie scoped to the base path; the cookie opens the pages', async () => {
    const ctx = await seededAdmin();
    const refused = await ctx.call('/admin/login', {
      body: { token: 'wrong-token-0123456789' },
      token: null,
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('set-cookie')).toBeNull();
    const login = await ctx.call('/admin/login', { body: { token: TOKEN }, token: null });
    expect(login.status).toBe(200);
    expect(login.json).toEqual({ admin: 'ada' });
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lifeline_admin_token=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/admin');
    expect(cookie).not.toContain('Secure'); // plain http in this test; https adds Secure
    const page = await ctx.call('/admin/failed-operations', {
      token: null,
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Signed in as <strong>ada</strong>');
    const logout = await ctx.call('/admin/logout', { body: {}, token: null });
    expect(logout.headers.get('set-cookie')).toMatch(/^lifeline_admin_token=; Path=\/admin; Max-Age=0/);
  });

  test('https requests get a Secure cookie; login is CSRF-checked and JSON-only', async () => {
    const ctx = await seededAdmin();
    const secure = await ctx.handler(
      new Request('https://admin.test/admin/login', {
        method: 'POST',
        headers: { origin: 'https://admin.test', 'content-type': 'application/json' },
        body: JSON.stringify({ token: TOKEN }),
      }),
    );
    expect(secure.headers.get('set-cookie')).toContain('Secure');
    const crossSite = await ctx.call('/admin/login', {
      body: { token: TOKEN },
      token: null,
      headers: { origin: 'https://evil.test' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    const form = await ctx.call('/admin/login', {
      body: `token=${TOKEN}`,
      token: null,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });

  test('pages without auth show the sign-in form (401); non-admins see 403; loginForm: false hides the form', async () => {
    const ctx = await seededAdmin();
    const page = await ctx.call('/admin/failed-operations', { token: null });
    expect(page.status).toBe(401);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('<label for="login-token">Admin token</label>');
    expect(page.text).not.toContain('<tr data-id=');
    expect(page.text).not.toContain('SMTP 503');
    expect((await ctx.call('/admin/login', { token: null })).status).toBe(200);

    const now = Date.UTC(2026, 0, 10, 12);
    const supa = await seededAdmin({
      authorize: supabaseJwtAuthorizer({ jwtSecret: JWT_SECRET, now: () => now }),
      loginForm: false,
    });
    const customer = signJwt({
      sub: 'u_2',
      email: 'bob@example.com',
      exp: now / 1000 + 60,
      app_metadata: { role: 'customer' },
    });
    const forbidden = await supa.call('/admin/operations-health', { token: customer });
    expect(forbidden.status).toBe(403);
    expect(forbidden.text).toContain('Not allowed');
    const anonymous = await supa.call('/admin/operations-health', { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).not.toContain('login-token');
    expect((await supa.call('/admin/login', { body: { token: customer }, token: null })).status).toBe(404);
  });
});
