import { defineOperation, isInvalidTransitionError, NotFoundError, systemClock } from '@lifeline/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import {
  pgPoolClient,
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOutbox,
  startOutboxRelay,
} from '../src/index';
import { type Backend, pgBackend } from './helpers/backends';
import { recordingLifeline } from './helpers/recording-target';
import { serverUrl } from './helpers/server';

const url = serverUrl();
const T0 = Date.UTC(2026, 0, 1);

const sendReceipt = defineOperation({
  name: 'purchase/receipt.send',
  kind: 'email',
  schema: z.object({ purchaseId: z.string() }),
  idempotencyKey: (d) => `receipt:${d.purchaseId}`,
  run: async () => undefined,
});

describe.skipIf(!url)('concurrency on the PostgreSQL server (pg Pool of 16 connections)', () => {
  let backend: Backend & { pool: pg.Pool };
  beforeAll(async () => {
    backend = await pgBackend(url!, 16);
  });
  afterAll(() => backend?.close());

  test('64 parallel claims of one free key: exactly one is claimed, and the row holds its token', async () => {
    const store = postgresIdempotencyStore(backend.sql, { schema: backend.schema });
    const key = `race-${crypto.randomUUID()}`;
    const claims = await Promise.all(Array.from({ length: 64 }, () => store.claim(key, 'fp', 30_000, T0)));
    expect(backend.pool.totalCount).toBeGreaterThanOrEqual(10);
    const winners = claims.filter((claim) => claim.status === 'claimed');
    expect(winners).toHaveLength(1);
    const { rows } = await backend.pool.query(
      `SELECT token FROM "${backend.schema}".idempotency_keys WHERE key = $1`,
      [key],
    );
    expect(rows).toEqual([{ token: (winners[0] as { token: string }).token }]);
  });

  test('16 parallel redrives (open → retrying) of one dead letter: one winner, one history entry in the row', async () => {
    const store = postgresDeadLetterStore(backend.sql, { schema: backend.schema });
    const entry = await store.record({
      kind: 'email',
      name: 'purchase/receipt.send',
      payload: { purchaseId: 'p_1' },
      error: { name: 'Error', message: 'smtp down' },
      attempts: 3,
      idempotencyKey: 'receipt:p_1',
      firstFailedAt: T0,
      failedAt: T0,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) =>
        store.transition(entry.id, { from: 'open', to: 'retrying', by: `admin-${i}`, at: T0 + i }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && isInvalidTransitionError(r.reason))).toHaveLength(
      15,
    );
    const { rows } = await backend.pool.query(
      `SELECT status, retry_count, jsonb_array_length(history) AS moves FROM "${backend.schema}".dead_letters WHERE id = $1`,
      [entry.id],
    );
    expect(rows).toEqual([{ status: 'retrying', retry_count: 1, moves: 1 }]);
    await expect(
      store.transition('dl_missing', { from: 'open', to: 'retrying', by: 'x', at: T0 }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  test('3 relays on their own pools, 200 committed rows and 50 rolled back: each committed row sent exactly once', async () => {
    const { schema } = backend;
    await backend.pool.query(`TRUNCATE "${schema}".outbox`);
    const outbox = postgresOutbox({ schema });
    const results = await Promise.allSettled(
      Array.from({ length: 250 }, (_, i) =>
        backend.sql.transaction(async (tx) => {
          await outbox.enqueue(tx, sendReceipt, { purchaseId: `p_${i}` });
          if (i % 5 === 4) throw new Error('rolled back');
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(200);

    const target = recordingLifeline();
    const pools = Array.from({ length: 3 }, () => new pg.Pool({ connectionString: url, max: 3 }));
    const byRelay = [0, 0, 0];
    const relays = pools.map((pool, index) =>
      startOutboxRelay({
        sql: pgPoolClient(pool),
        schema,
        batchSize: 7,
        pollMs: 10,
        clock: systemClock(),
        lifeline: {
          send: async (name, data, options) => {
            byRelay[index]!++;
            await new Promise((resolve) => setImmediate(resolve));
            return target.send(name, data, options);
          },
        },
      }),
    );
    try {
      await vi.waitFor(
        async () => {
          const { rows } = await backend.pool.query(
            `SELECT count(*)::integer AS n FROM "${schema}".outbox WHERE sent_at IS NULL`,
          );
          expect(rows[0].n).toBe(0);
        },
        { timeout: 30_000, interval: 20 },
      );
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      await Promise.all(pools.map((pool) => pool.end()));
    }
    const keys = target.sends.map((send) => send.options.idempotencyKey!);
    expect(keys).toHaveLength(200);
    expect(new Set(keys).size).toBe(200);
    const expected = Array.from({ length: 250 }, (_, i) => i)
      .filter((i) => i % 5 !== 4)
      .map((i) => `receipt:p_${i}`);
    expect([...keys].sort()).toEqual(expected.sort());
    expect(byRelay.reduce((a, b) => a + b, 0)).toBe(200);
    console.info(`3 relays sent ${byRelay.join(' + ')} rows`);
  }, 60_000);
});
