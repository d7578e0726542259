import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  classifyError,
  isConfigurationError,
  isTimeoutError,
  isValidationError,
  type NewDeadLetter,
} from '@lifeline/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  isSupabaseRpcError,
  supabaseCursorStore,
  supabaseDeadLetterStore,
  supabaseIdempotencyStore,
  supabaseOperationLog,
  supabaseThrottleStore,
} from '../src/index';
import { freshSupabaseDatabase } from './helpers/database';
import { CLAIMS, signJwt } from './helpers/jwt';
import { startPostgrestStandIn } from './helpers/postgrest-stand-in';
import { serverUrl } from './helpers/server';
import { type SupabaseWorld, supabaseClient, supabaseWorld } from './helpers/world';

const url = serverUrl();
let world: SupabaseWorld;
const T0 = Date.UTC(2026, 0, 1);

const newDeadLetter = (name: string): NewDeadLetter => ({
  kind: 'email',
  name,
  payload: { to: 'ada@example.com' },
  error: { name: 'Error', message: 'SMTP timeout' },
  attempts: 3,
  idempotencyKey: `${name}:key`,
  firstFailedAt: T0,
  failedAt: T0 + 1_000,
});

/** Every store method once, on `client`: what each call threw (or `undefined`). */
async function everyMethod(client: ReturnType<typeof supabaseClient>) {
  const deadLetters = supabaseDeadLetterStore(client);
  const idempotency = supabaseIdempotencyStore(client);
  const log = supabaseOperationLog(client);
  const throttle = supabaseThrottleStore(client);
  const cursors = supabaseCursorStore(client);
  const calls: Record<string, () => Promise<unknown>> = {
    'deadLetters.record': () => deadLetters.record(newDeadLetter('access/x')),
    'deadLetters.get': () => deadLetters.get('dl_x'),
    'deadLetters.list': () => deadLetters.list(),
    'deadLetters.count': () => deadLetters.count(),
    'deadLetters.transition': () =>
      deadLetters.transition('dl_x', { from: 'open', to: 'resolved', by: 'x', at: T0 }),
    'idempotency.claim': async () => idempotency.claim('k', 'f', 1_000, T0),
    'idempotency.complete': async () => idempotency.complete('k', 't', 1, T0),
    'idempotency.release': async () => idempotency.release('k', 't'),
    'idempotency.get': () => idempotency.get('k'),
    'idempotency.forget': () => idempotency.forget('k'),
    'log.append': async () =>
      log.append({
        operation: 'op',
        kind: 'job',
        idempotencyKey: 'k',
        attempt: 1,
        outcome: 'succeeded',
        at: T0,
        durationMs: 1,
        enqueuedAt: T0,
      }),
    'log.summarize': () => log.summarize({ from: T0, to: T0 + 1 }),
    'log.histogram': () => log.histogram({ from: T0, to: T0 + 60_000 }, 60_000),
    'throttle.reserve': () => throttle.reserve('k', 1, 1_000, T0),
    'cursors.get': () => cursors.get('k'),
    'cursors.set': () => cursors.set('k', 'v'),
    'cursors.compareAndSet': () => cursors.compareAndSet('k', undefined, 'v'),
    'cursors.delete': () => cursors.delete('k'),
  };
  const errors: Record<string, unknown> = {};
  for (const [name, call] of Object.entries(calls))
    errors[name] = await call().then(
      () => undefined,
      (e) => e,
    );
  return errors;
}

describe.skipIf(!url)('who may use the supabase-js stores (through the PostgREST stand-in)', () => {
  beforeAll(async () => {
    world = await supabaseWorld(url!, 4);
  });
  afterAll(() => world?.close());

  test('anon and an ordinary signed-in user are refused by every method with a ConfigurationError saying what to do', async () => {
    for (const client of [world.clients.anon, world.clients.user]) {
      const before = world.standIn.requests.length;
      const errors = await everyMethod(client);
      for (const [method, error] of Object.entries(errors)) {
        expect(isConfigurationError(error), method).toBe(true);
        expect((error as Error).message).toMatch(/service_role key .* lifeline\.is_admin\(\)/);
        expect(classifyError(error).retryable).toBe(false);
      }
      const statuses = world.standIn.requests.slice(before).map((r) => r.status);
      expect(new Set(statuses)).toEqual(new Set([client === world.clients.anon ? 401 : 403]));
    }
    const stored = await world.db.pool.query('SELECT count(*)::int AS n FROM lifeline.dead_letters');
    expect(stored.rows[0].n).toBe(0);
  });

  test('an admin signed in with app_metadata.role = "admin" uses every method', async () => {
    const errors = await everyMethod(world.clients.admin);
    const unexpected = Object.entries(errors).filter(
      ([method, error]) => error !== undefined && method !== 'deadLetters.transition',
    );
    expect(unexpected).toEqual([]);
    expect((errors['deadLetters.transition'] as Error).message).toBe('Dead letter "dl_x" was not found');
    const admin = supabaseDeadLetterStore(world.clients.admin);
    const entry = await admin.record(newDeadLetter('access/admin'));
    expect(await admin.list({ name: 'access/admin' })).toEqual({ items: [entry] });
  });

  test('a token not signed with the project secret is refused', async () => {
    const forged = supabaseClient(
      world.standIn.url,
      CLAIMS.serviceRole,
      'some-other-secret-that-is-at-least-32-characters',
    );
    const error = await supabaseDeadLetterStore(forged)
      .count()
      .catch((e) => e);
    expect(isConfigurationError(error)).toBe(true);
    expect(world.standIn.requests.at(-1)?.status).toBe(401);
  });

  test('the PostgREST stand-in refuses what it does not support', async () => {
    const token = signJwt(CLAIMS.serviceRole);
    const call = (path: string, init: RequestInit = {}) =>
      fetch(`${world.standIn.url}${path}`, {
        method: 'POST',
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as { code: string } }));
    const count = '/rest/v1/rpc/lifeline_dead_letter_count';
    const ok = await call(count, { body: '{}' });
    expect(ok.status).toBe(200);
    expect(typeof ok.body).toBe('number');
    expect((await call(count, { method: 'GET' })).status).toBe(404);
    expect((await call('/rest/v1/dead_letters', { body: '{}' })).status).toBe(404);
    expect((await call('/rest/v1/rpc/lifeline_nope', { body: '{}' })).body.code).toBe('PGRST202');
    expect((await call(count, { body: '{"p_nope": 1}' })).body.code).toBe('PGRST202');
    expect((await call('/rest/v1/rpc/lifeline_dead_letter_get', { body: '{}' })).body.code).toBe('PGRST202');
    expect((await call(count, { body: '{', headers: {} })).status).toBe(400);
    expect((await call(count, { body: '{}', headers: { 'content-profile': 'lifeline' } })).status).toBe(406);
    expect((await call(count, { body: '{}', headers: { authorization: 'Bearer x.y.z' } })).status).toBe(401);
    expect((await call(count, { body: '{}', headers: { authorization: '' } })).status).toBe(401);
    const postgres = signJwt({ role: 'postgres' });
    expect((await call(count, { body: '{}', headers: { authorization: `Bearer ${postgres}` } })).status).toBe(
      401,
    );
  });

  test('invalid input is a ValidationError and sends no request', async () => {
    const before = world.standIn.requests.length;
    const store = supabaseDeadLetterStore(world.clients.serviceRole);
    for (const promise of [
      store.list({ limit: 0 }),
      store.list({ cursor: 'made-up' }),
      store.record({ ...newDeadLetter('access/bad'), kind: 'sms' as never }),
      supabaseThrottleStore(world.clients.serviceRole).reserve('k', 0, 1_000, T0),
      supabaseOperationLog(world.clients.serviceRole).summarize({ from: T0 + 1, to: T0 }),
      supabaseCursorStore(world.clients.serviceRole).set('', 'v'),
    ]) {
      expect(isValidationError(await promise.catch((e) => e))).toBe(true);
    }
    expect(world.standIn.requests.length).toBe(before);
  });

  test('the cursor store: get, set, compare-and-set (one winner of ten) and delete', async () => {
    const cursors = supabaseCursorStore(world.clients.serviceRole);
    expect(await cursors.get('stripe')).toBeUndefined();
    expect(await cursors.compareAndSet('stripe', 'evt_0', 'evt_1')).toBe(false);
    expect(await cursors.compareAndSet('stripe', undefined, 'evt_1')).toBe(true);
    expect(await cursors.compareAndSet('stripe', undefined, 'evt_x')).toBe(false);
    const racers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => cursors.compareAndSet('stripe', 'evt_1', `evt_2_${i}`)),
    );
    expect(racers.filter(Boolean)).toHaveLength(1);
    expect(await cursors.get('stripe')).toBe(`evt_2_${racers.indexOf(true)}`);
    await cursors.set('stripe', 'evt_3');
    expect(await cursors.get('stripe')).toBe('evt_3');
    await cursors.delete('stripe');
    expect(await cursors.get('stripe')).toBeUndefined();
  });

  test('a project without the migration: a ConfigurationError says to apply it', async () => {
    const bare = await freshSupabaseDatabase(url!, { poolSize: 1, migrate: false });
    const standIn = await startPostgrestStandIn(bare.pool);
    try {
      const error = await supabaseDeadLetterStore(supabaseClient(standIn.url, CLAIMS.serviceRole))
        .count()
        .catch((e) => e);
      expect(isConfigurationError(error)).toBe(true);
      expect((error as Error).message).toContain('supabase db push');
      expect(standIn.requests).toEqual([
        { method: 'POST', path: '/rest/v1/rpc/lifeline_dead_letter_count', status: 404 },
      ]);
    } finally {
      await standIn.close();
      await bare.close();
    }
  });
});

describe('when Supabase cannot be reached or does not answer', () => {
  let silent: Server;
  beforeAll(async () => {
    silent = createServer(() => {}); // accepts requests and never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  test('a refused connection is a retryable SupabaseRpcError with status 0', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const store = supabaseIdempotencyStore(supabaseClient(`http://127.0.0.1:${port}`, CLAIMS.serviceRole));
    const error = await Promise.resolve(store.claim('k', 'f', 1_000, T0)).catch((e: unknown) => e);
    expect(isSupabaseRpcError(error)).toBe(true);
    expect(error).toMatchObject({ status: 0, retryable: true, fn: 'lifeline_idempotency_claim' });
    expect(classifyError(error).retryable).toBe(true);
  });

  test('a server that never answers fails with a retryable TimeoutError after timeoutMs', async () => {
    const { port } = silent.address() as AddressInfo;
    const store = supabaseDeadLetterStore(supabaseClient(`http://127.0.0.1:${port}`, CLAIMS.serviceRole), {
      timeoutMs: 100,
    });
    const error = await store.count().catch((e) => e);
    expect(isTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ timeoutMs: 100 });
    expect(classifyError(error).retryable).toBe(true);
  });
});
