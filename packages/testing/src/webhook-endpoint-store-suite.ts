import { defineSuite, randomId, rejectionOf, type SuiteOptions, type SuiteRunner } from './suite-runner';

/** An endpoint as the suite reads it: the fields of `@lifeline/webhooks`' `WebhookEndpoint` it checks. */
export interface SuiteEndpoint {
  id: string;
  url: string;
  eventTypes?: string[];
  description?: string;
  status: 'enabled' | 'disabled';
  disabledReason?: string;
  disabledAt?: number;
  secrets: { secret: string; createdAt: number; expiresAt?: number }[];
  createdAt: number;
}

/**
 * The shape of `@lifeline/webhooks`' `WebhookEndpointStore`, repeated here so `@lifeline/testing` does not
 * depend on the webhooks package.
 */
export interface WebhookEndpointStoreUnderTest {
  /** Adds an endpoint, enabled. */
  register(
    endpoint: { id?: string; url: string; eventTypes?: string[]; description?: string; secret?: string },
    now: number,
  ): Promise<SuiteEndpoint>;
  /** One endpoint, or `undefined`. */
  get(id: string): Promise<SuiteEndpoint | undefined>;
  /** Endpoints matching the filter, oldest first. */
  list(filter?: { status?: 'enabled' | 'disabled'; eventType?: string }): Promise<SuiteEndpoint[]>;
  /** Stops deliveries, recording why. */
  disable(id: string, reason: string, now: number): Promise<SuiteEndpoint>;
  /** Resumes deliveries. */
  enable(id: string): Promise<SuiteEndpoint>;
  /** Makes `secret` current; older secrets sign until `now + graceMs`. */
  rotateSecret(id: string, secret: string, now: number, graceMs: number): Promise<SuiteEndpoint>;
}

const T0 = Date.UTC(2026, 0, 1);
/** A valid `whsec_` secret made of 32 bytes of `fill`. */
const secretOf = (fill: number) => `whsec_${Buffer.alloc(32, fill).toString('base64')}`;

/**
 * The conformance suite of the webhook endpoint store contract (`@lifeline/webhooks`): registration with
 * validation and a generated secret, duplicate ids refused, get/list with status and event-type filters,
 * idempotent disable/enable with reasons, secret rotation with a grace period, and copies out. Ids are
 * random per test, so a shared database is fine: `list` assertions only look at this test's endpoints.
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * import { memoryEndpointStore } from '@lifeline/webhooks';
 * webhookEndpointStoreSuite({ describe, expect, test }, () => memoryEndpointStore());
 * ```
 */
export function webhookEndpointStoreSuite(
  runner: SuiteRunner,
  factory: () => WebhookEndpointStoreUnderTest | Promise<WebhookEndpointStoreUnderTest>,
  options: SuiteOptions = {},
): void {
  const { expect } = runner;
  defineSuite(runner, 'webhook endpoint store', options, (test) => {
    test('register stores an enabled endpoint with the given secret, and get returns it', async () => {
      const store = await factory();
      const id = randomId('ep_');
      const created = await store.register(
        {
          id,
          url: 'https://hooks.example.com/a',
          eventTypes: ['purchase.fulfilled'],
          description: 'Acme',
          secret: secretOf(1),
        },
        T0,
      );
      expect(created).toEqual({
        id,
        url: 'https://hooks.example.com/a',
        eventTypes: ['purchase.fulfilled'],
        description: 'Acme',
        status: 'enabled',
        secrets: [{ secret: secretOf(1), createdAt: T0 }],
        createdAt: T0,
      });
      expect(await store.get(id)).toEqual(created);
      expect(await store.get(randomId('ep_missing_'))).toBeUndefined();
    });

    test('register generates an id and a whsec_ secret of at least 24 bytes when none is given', async () => {
      const store = await factory();
      const created = await store.register({ url: 'https://hooks.example.com/generated' }, T0);
      expect(created.id.length).toBeGreaterThan(0);
      expect(created.secrets).toHaveLength(1);
      expect(created.secrets[0]!.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(Buffer.from(created.secrets[0]!.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
      expect(await store.get(created.id)).toEqual(created);
    });

    test('register refuses a bad URL, a bad secret and a taken id, naming the problem', async () => {
      const store = await factory();
      const badUrl = await rejectionOf(store.register({ url: 'ftp://hooks.example.com' }, T0), 'ftp url');
      expect(String((badUrl as Error).message)).toMatch(/url/i);
      const badSecret = await rejectionOf(
        store.register({ url: 'https://a.example', secret: 'sk_live_nope' }, T0),
        'bad secret',
      );
      expect(String((badSecret as Error).message)).toMatch(/secret/i);
      const id = randomId('ep_');
      await store.register({ id, url: 'https://a.example' }, T0);
      const taken = await rejectionOf(store.register({ id, url: 'https://b.example' }, T0), 'taken id');
      expect(String((taken as Error).message)).toContain(id);
      expect((await store.get(id))?.url).toBe('https://a.example');
    });

    test('list filters by status and event type, oldest first', async () => {
      const store = await factory();
      const tag = randomId();
      const all = await Promise.all(
        ['a', 'b', 'c'].map((name, i) =>
          store.register(
            {
              id: `${tag}_${name}`,
              url: `https://hooks.example.com/${name}`,
              ...(name === 'b' ? { eventTypes: ['refund.created'] } : {}),
            },
            T0 + i,
          ),
        ),
      );
      await store.disable(all[2]!.id, 'paused by admin', T0 + 10);
      const mine = (list: SuiteEndpoint[]) => list.filter((e) => e.id.startsWith(tag)).map((e) => e.id);
      expect(mine(await store.list())).toEqual([`${tag}_a`, `${tag}_b`, `${tag}_c`]);
      expect(mine(await store.list({ status: 'enabled' }))).toEqual([`${tag}_a`, `${tag}_b`]);
      expect(mine(await store.list({ status: 'disabled' }))).toEqual([`${tag}_c`]);
      expect(mine(await store.list({ eventType: 'purchase.fulfilled' }))).toEqual([`${tag}_a`, `${tag}_c`]);
      expect(mine(await store.list({ status: 'enabled', eventType: 'refund.created' }))).toEqual([
        `${tag}_a`,
        `${tag}_b`,
      ]);
    });

    test('disable records the first reason and time; enable clears them; unknown ids are not found', async () => {
      const store = await factory();
      const id = randomId('ep_');
      await store.register({ id, url: 'https://hooks.example.com/x' }, T0);
      const disabled = await store.disable(id, 'the endpoint answered 410 Gone', T0 + 5);
      expect(disabled).toMatchObject({
        status: 'disabled',
        disabledReason: 'the endpoint answered 410 Gone',
        disabledAt: T0 + 5,
      });
      const again = await store.disable(id, 'a later reason', T0 + 9);
      expect(again).toMatchObject({ disabledReason: 'the endpoint answered 410 Gone', disabledAt: T0 + 5 });
      const enabled = await store.enable(id);
      expect(enabled.status).toBe('enabled');
      expect(enabled.disabledReason).toBeUndefined();
      expect(enabled.disabledAt).toBeUndefined();
      expect(await store.get(id)).toEqual(enabled);
      const missing = randomId('ep_missing_');
      expect(
        String(((await rejectionOf(store.disable(missing, 'x', T0), 'disable unknown')) as Error).message),
      ).toContain(missing);
      expect(
        String(((await rejectionOf(store.enable(missing), 'enable unknown')) as Error).message),
      ).toContain(missing);
    });

    test('disable refuses an empty reason', async () => {
      const store = await factory();
      const id = randomId('ep_');
      await store.register({ id, url: 'https://hooks.example.com/x' }, T0);
      await rejectionOf(store.disable(id, '  ', T0), 'empty reason');
      expect((await store.get(id))?.status).toBe('enabled');
    });

    test('rotateSecret makes the new secret current and keeps the old one until the grace period ends', async () => {
      const store = await factory();
      const id = randomId('ep_');
      await store.register({ id, url: 'https://hooks.example.com/r', secret: secretOf(1) }, T0);
      const rotated = await store.rotateSecret(id, secretOf(2), T0 + 100, 1_000);
      expect(rotated.secrets).toEqual([
        { secret: secretOf(2), createdAt: T0 + 100 },
        { secret: secretOf(1), createdAt: T0, expiresAt: T0 + 1_100 },
      ]);
      // A second rotation after the grace period drops the expired secret.
      const second = await store.rotateSecret(id, secretOf(3), T0 + 5_000, 0);
      expect(second.secrets.map((s) => s.secret)).toEqual([secretOf(3)]);
      expect((await store.get(id))?.secrets.map((s) => s.secret)).toEqual([secretOf(3)]);
      await rejectionOf(store.rotateSecret(id, 'not-a-secret', T0, 0), 'bad secret');
    });

    test('returned endpoints are copies', async () => {
      const store = await factory();
      const id = randomId('ep_');
      const created = await store.register(
        { id, url: 'https://hooks.example.com/c', eventTypes: ['a.b'] },
        T0,
      );
      created.eventTypes!.push('c.d');
      created.secrets.length = 0;
      (await store.get(id))!.status = 'disabled';
      const stored = await store.get(id);
      expect(stored?.eventTypes).toEqual(['a.b']);
      expect(stored?.secrets).toHaveLength(1);
      expect(stored?.status).toBe('enabled');
    });
  });
}
