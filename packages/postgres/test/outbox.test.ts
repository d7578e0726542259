import { PGlite } from '@electric-sql/pglite';
import {
  createLifeline,
  defineOperation,
  isValidationError,
  silentLogger,
  virtualClock,
} from '@lifeline/core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import {
  migrate,
  pgliteClient,
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOperationLog,
  postgresOutbox,
  type SqlClient,
  startOutboxRelay,
} from '../src/index';
import { recordingLifeline } from './helpers/recording-target';
import { randomSchema } from './helpers/server';

const sendReceipt = defineOperation({
  name: 'purchase/receipt.send',
  kind: 'email',
  schema: z.object({ purchaseId: z.string().min(1), email: z.email() }),
  idempotencyKey: (d) => `receipt:${d.purchaseId}`,
  run: async () => undefined,
});

let db: PGlite;
let sql: SqlClient;
let schema: string;

beforeAll(async () => {
  db = await PGlite.create();
  sql = pgliteClient(db);
  schema = randomSchema();
  await migrate(sql, { schema });
  await sql.query(`CREATE TABLE "${schema}".purchases (id text PRIMARY KEY)`);
});
afterAll(() => db?.close());

/** A fresh outbox (the table is emptied) and a clock; rows and purchases of earlier tests are gone. */
async function setup() {
  await sql.query(`TRUNCATE "${schema}".outbox, "${schema}".purchases`);
  const clock = virtualClock({ start: Date.UTC(2026, 0, 1) });
  return { clock, outbox: postgresOutbox({ schema, clock }) };
}

/** Buys `id`: the purchase row and its receipt's outbox row commit together, or neither does. */
async function buy(outbox: ReturnType<typeof postgresOutbox>, id: string, fail = false) {
  await sql.transaction(async (tx) => {
    await tx.query(`INSERT INTO "${schema}".purchases (id) VALUES ($1)`, [id]);
    await outbox.enqueue(tx, sendReceipt, { purchaseId: id, email: 'ada@example.com' });
    if (fail) throw new Error('payment declined');
  });
}

const rows = async () =>
  (
    await sql.query<{
      id: string;
      attempts: number;
      sent: boolean;
      last_error: string | null;
      available_at: number;
    }>(
      `SELECT id, attempts, sent_at IS NOT NULL AS sent, last_error, (extract(epoch FROM available_at) * 1000)::double precision AS available_at
       FROM "${schema}".outbox ORDER BY created_at, id`,
    )
  ).rows;

describe('postgresOutbox + startOutboxRelay', () => {
  test('committed rows are sent once each, with their idempotency key, outbox id as event id, and created_at', async () => {
    const { clock, outbox } = await setup();
    await buy(outbox, 'p_1');
    await clock.advance(1_000);
    await buy(outbox, 'p_2');
    const target = recordingLifeline();
    const relay = startOutboxRelay({ sql, lifeline: target, schema, clock, pollMs: 60_000 });
    await vi.waitFor(async () => expect((await rows()).every((row) => row.sent)).toBe(true));
    expect(await relay.runOnce()).toBe(0);
    await relay.stop();
    const stored = await rows();
    expect(target.sends).toEqual([
      {
        name: 'purchase/receipt.send',
        data: { purchaseId: 'p_1', email: 'ada@example.com' },
        options: { idempotencyKey: 'receipt:p_1', eventId: stored[0]!.id, enqueuedAt: Date.UTC(2026, 0, 1) },
      },
      {
        name: 'purchase/receipt.send',
        data: { purchaseId: 'p_2', email: 'ada@example.com' },
        options: {
          idempotencyKey: 'receipt:p_2',
          eventId: stored[1]!.id,
          enqueuedAt: Date.UTC(2026, 0, 1) + 1_000,
        },
      },
    ]);
    expect(stored.map((row) => row.attempts)).toEqual([1, 1]);
  });

  test('a rolled-back transaction leaves no purchase and nothing to send', async () => {
    const { clock, outbox } = await setup();
    await expect(buy(outbox, 'p_declined', true)).rejects.toThrow('payment declined');
    await buy(outbox, 'p_ok');
    const target = recordingLifeline();
    const relay = startOutboxRelay({ sql, lifeline: target, schema, clock, pollMs: 60_000 });
    await relay.stop();
    await relay.runOnce();
    expect(target.sends.map((send) => send.options.idempotencyKey)).toEqual(['receipt:p_ok']);
    expect((await sql.query(`SELECT id FROM "${schema}".purchases`)).rows).toEqual([{ id: 'p_ok' }]);
  });

  test('an invalid payload throws a ValidationError naming the field, and writes nothing', async () => {
    const { outbox } = await setup();
    const error = await outbox
      .enqueue(sql, sendReceipt, { purchaseId: 'p_3', email: 'not-an-email' })
      .catch((caught) => caught);
    expect(isValidationError(error)).toBe(true);
    expect(String(error.message)).toMatch(/email.*not-an-email/);
    expect(await rows()).toEqual([]);
  });

  test('a refused send stays pending with attempts, last_error and a doubling backoff on the clock, then goes through', async () => {
    const { clock, outbox } = await setup();
    await buy(outbox, 'p_4');
    const target = recordingLifeline();
    target.failNext(2);
    const relay = startOutboxRelay({
      sql,
      lifeline: target,
      schema,
      clock,
      pollMs: 60_000,
      backoff: { initialMs: 1_000, maxMs: 10_000 },
    });
    await relay.stop();
    const t0 = clock.now();
    await relay.runOnce();
    expect(await rows()).toMatchObject([
      {
        attempts: 1,
        sent: false,
        last_error: 'Error: queue refused: stand-in failure',
        available_at: t0 + 1_000,
      },
    ]);
    expect(await relay.runOnce()).toBe(0); // not due yet
    await clock.advance(1_000);
    await relay.runOnce();
    expect(await rows()).toMatchObject([{ attempts: 2, sent: false, available_at: t0 + 3_000 }]);
    await clock.advance(1_999);
    expect(await relay.runOnce()).toBe(0);
    await clock.advance(1);
    expect(await relay.runOnce()).toBe(1);
    expect(await rows()).toMatchObject([{ attempts: 3, sent: true, last_error: null }]);
    expect(target.sends).toHaveLength(1);
  });

  test('availableAt delays a row until that time', async () => {
    const { clock, outbox } = await setup();
    await outbox.enqueue(
      sql,
      sendReceipt,
      { purchaseId: 'p_5', email: 'ada@example.com' },
      { availableAt: clock.now() + 5_000, idempotencyKey: 'custom-key' },
    );
    const target = recordingLifeline();
    const relay = startOutboxRelay({ sql, lifeline: target, schema, clock, pollMs: 60_000 });
    await relay.stop();
    expect(await relay.runOnce()).toBe(0);
    await clock.advance(5_000);
    expect(await relay.runOnce()).toBe(1);
    expect(target.sends[0]!.options.idempotencyKey).toBe('custom-key');
  });

  test('the relay loop polls every pollMs on its clock, and stop() ends it', async () => {
    const { clock, outbox } = await setup();
    const target = recordingLifeline();
    const relay = startOutboxRelay({ sql, lifeline: target, schema, clock, pollMs: 2_000 });
    await vi.waitFor(() => expect(clock.pendingTimers()).toBe(1)); // first round done, sleeping
    await buy(outbox, 'p_6');
    await clock.advance(1_999);
    expect(target.sends).toHaveLength(0);
    await clock.advance(1);
    await vi.waitFor(() => expect(target.sends).toHaveLength(1));
    await relay.stop();
    expect(clock.pendingTimers()).toBe(0);
  });

  test('with the real runtime on Postgres stores, a receipt enqueued twice for one purchase runs once', async () => {
    const { clock, outbox } = await setup();
    const ran: Array<{ purchaseId: string; eventId: string }> = [];
    const operation = defineOperation({
      ...sendReceipt,
      run: async (data, ctx) => {
        ran.push({ purchaseId: data.purchaseId, eventId: ctx.eventId });
      },
    });
    const lifeline = createLifeline({
      operations: [operation],
      deadLetters: postgresDeadLetterStore(sql, { schema }),
      idempotency: postgresIdempotencyStore(sql, { schema }),
      log: postgresOperationLog(sql, { schema }),
      clock,
      logger: silentLogger(),
    });
    await buy(outbox, 'p_7');
    await outbox.enqueue(sql, operation, { purchaseId: 'p_7', email: 'ada@example.com' }); // a duplicate
    await buy(outbox, 'p_8');
    const relay = startOutboxRelay({ sql, lifeline, schema, clock, pollMs: 60_000 });
    await relay.stop();
    await relay.runOnce();
    await clock.run(lifeline.drain()); // a duplicate waiting for the holder of its key polls on the clock
    const ids = (await rows()).map((row) => row.id);
    expect(ids).toHaveLength(3);
    expect(ran.map((run) => run.purchaseId).sort()).toEqual(['p_7', 'p_8']);
    for (const run of ran) expect(ids).toContain(run.eventId); // the outbox id travels as the event id
    const summary = await lifeline.log.summarize({ from: 0, to: clock.now() + 1 });
    expect(summary.email).toMatchObject({ succeeded: 2, duplicates: 1 });
    await lifeline.close();
  });
});
