import { PGlite } from '@electric-sql/pglite';
import { defineOperation, isValidationError } from '@lifeline/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  migrate,
  pgliteClient,
  postgresCursorStore,
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOperationLog,
  postgresOutbox,
  postgresThrottleStore,
  prune,
  type SqlClient,
  startOutboxRelay,
} from '../src/index';
import { randomSchema } from './helpers/server';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 5, 1, 12, 30);

let db: PGlite;
let sql: SqlClient;
let schema: string;
beforeAll(async () => {
  db = await PGlite.create();
  sql = pgliteClient(db);
  schema = randomSchema();
  await migrate(sql, { schema });
});
afterAll(() => db?.close());

const countOf = async (table: string) =>
  (await sql.query<{ n: number }>(`SELECT count(*)::integer AS n FROM "${schema}".${table}`)).rows[0]!.n;

describe('prune', () => {
  test('deletes only what is old enough, in batches, and is idempotent', async () => {
    const deadLetters = postgresDeadLetterStore(sql, { schema });
    const entry = (failedAt: number) =>
      deadLetters.record({
        kind: 'job',
        name: 'job/x',
        payload: {},
        error: { name: 'E', message: 'm' },
        attempts: 1,
        idempotencyKey: 'k',
        firstFailedAt: failedAt,
        failedAt,
      });
    const oldResolved = await entry(NOW - 40 * DAY);
    await deadLetters.transition(oldResolved.id, {
      from: 'open',
      to: 'resolved',
      by: 'ops',
      at: NOW - 31 * DAY,
    });
    const recentResolved = await entry(NOW - 40 * DAY);
    await deadLetters.transition(recentResolved.id, {
      from: 'open',
      to: 'resolved',
      by: 'ops',
      at: NOW - 29 * DAY,
    });
    const oldOpen = await entry(NOW - 90 * DAY);

    const idempotency = postgresIdempotencyStore(sql, { schema });
    for (const [key, ttl] of [
      ['expired', DAY],
      ['live', 30 * DAY],
      ['forever', undefined],
    ] as const) {
      const claim = await idempotency.claim(key, 'fp', 1_000, NOW - 2 * DAY);
      if (claim.status !== 'claimed') throw new Error('expected a claim');
      await idempotency.complete(key, claim.token, 'ok', NOW - 2 * DAY, ttl);
    }
    await idempotency.claim('abandoned', 'fp', 1_000, NOW - 3 * DAY);
    await idempotency.claim('running', 'fp', 1_000, NOW - 1_000);

    const log = postgresOperationLog(sql, { schema });
    for (const at of [NOW - 15 * DAY, NOW - 14 * DAY - HOUR / 2, NOW - DAY]) {
      await log.append({
        operation: 'job/x',
        kind: 'job',
        idempotencyKey: 'k',
        attempt: 1,
        outcome: 'succeeded',
        at,
        durationMs: 1,
        enqueuedAt: at - 10,
      });
    }

    const operation = defineOperation({
      name: 'job/x',
      kind: 'job',
      schema: z.object({ n: z.number() }),
      run: async () => undefined,
    });
    const clock = { now: () => NOW - 10 * DAY, setTimer: () => () => {}, sleep: async () => {} };
    const outbox = postgresOutbox({ schema, clock });
    await outbox.enqueue(sql, operation, { n: 1 });
    await outbox.enqueue(sql, operation, { n: 2 }, { availableAt: NOW + DAY }); // unsent: kept
    const relay = startOutboxRelay({
      sql,
      schema,
      clock,
      pollMs: 60_000,
      lifeline: { send: async () => undefined },
    });
    await relay.stop();
    await postgresThrottleStore(sql, { schema }).reserve('idle', 1, 1_000, NOW - DAY);
    await postgresThrottleStore(sql, { schema }).reserve('busy', 1, 2 * DAY, NOW - DAY);

    const options = {
      schema,
      now: NOW,
      resolvedDeadLettersOlderThanMs: 30 * DAY,
      logOlderThanMs: 14 * DAY,
      sentOutboxOlderThanMs: 7 * DAY,
      batchSize: 1,
    };
    expect(await prune(sql, options)).toEqual({
      deadLetters: 1,
      idempotencyKeys: 2,
      logRows: 1,
      rollupRows: 3,
      outboxRows: 1,
      throttleKeys: 1,
    });
    expect(await deadLetters.get(oldResolved.id)).toBeUndefined();
    expect(await deadLetters.get(recentResolved.id)).toBeDefined();
    expect(await deadLetters.get(oldOpen.id)).toBeDefined();
    expect((await sql.query(`SELECT key FROM "${schema}".idempotency_keys ORDER BY key`)).rows).toEqual([
      { key: 'forever' },
      { key: 'live' },
      { key: 'running' },
    ]);
    // The log is cut at the whole hour: the row half an hour inside the 14th day's hour stays, with its rollups.
    expect(await countOf('operation_log')).toBe(2);
    const summary = await log.summarize({ from: NOW - 20 * DAY, to: NOW });
    expect(summary.job.succeeded).toBe(2);
    expect(await countOf('outbox')).toBe(1);
    expect((await sql.query(`SELECT key FROM "${schema}".throttle_state`)).rows).toEqual([{ key: 'busy' }]);
    expect(await prune(sql, options)).toEqual({
      deadLetters: 0,
      idempotencyKeys: 0,
      logRows: 0,
      rollupRows: 0,
      outboxRows: 0,
      throttleKeys: 0,
    });
  });

  test('rejects bad options with a ValidationError naming the field', async () => {
    const error = await prune(sql, { schema, now: NOW, logOlderThanMs: -1 }).catch((caught) => caught);
    expect(isValidationError(error)).toBe(true);
    expect(error.message).toContain('logOlderThanMs');
  });
});

describe('postgresCursorStore', () => {
  test('get/set/compareAndSet/delete, with compare-and-set atomic per key', async () => {
    const cursors = postgresCursorStore(sql, { schema });
    expect(await cursors.get('stripe:reconcile')).toBeUndefined();
    expect(await cursors.compareAndSet('stripe:reconcile', undefined, 'evt_1')).toBe(true);
    expect(await cursors.compareAndSet('stripe:reconcile', undefined, 'evt_x')).toBe(false);
    const race = await Promise.all([
      cursors.compareAndSet('stripe:reconcile', 'evt_1', 'evt_2a'),
      cursors.compareAndSet('stripe:reconcile', 'evt_1', 'evt_2b'),
    ]);
    expect(race.filter(Boolean)).toHaveLength(1);
    expect(['evt_2a', 'evt_2b']).toContain(await cursors.get('stripe:reconcile'));
    await cursors.set('stripe:reconcile', 'evt_3');
    expect(await cursors.get('stripe:reconcile')).toBe('evt_3');
    await cursors.delete('stripe:reconcile');
    expect(await cursors.get('stripe:reconcile')).toBeUndefined();
    await expect(cursors.set('', 'x')).rejects.toThrow(/key/);
  });
});
