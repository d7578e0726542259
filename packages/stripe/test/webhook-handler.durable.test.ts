import { PGlite } from '@electric-sql/pglite';
import {
  createLifeline,
  memoryDeadLetterStore,
  memoryIdempotencyStore,
  memoryOperationLog,
  silentLogger,
  virtualClock,
} from '@lifeline/core';
import { migrate, pgliteClient, postgresQueue, type SqlClient } from '@lifeline/postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CheckoutSession, fulfilCheckout, stripeWebhookHandler } from '../src/index';
import { delivery, event, SECRET, session, stripe } from './helpers';

// "200 only after the event is committed", on a real database: the handler's 200 waits for the job row
// of postgresQueue to be committed, a refused write answers 500, and an acknowledged event survives the
// process that acknowledged it. One PGlite for the file (creating one takes seconds).
let db: PGlite;
let sql: SqlClient;

beforeAll(async () => {
  db = await PGlite.create();
  sql = pgliteClient(db);
  await migrate(sql);
}, 60_000);
afterAll(async () => db?.close());
beforeEach(async () => {
  await db.query('DELETE FROM lifeline.jobs');
});

/** Job rows for `eventId`, read straight from the table (not through the queue under test). */
const jobsFor = async (eventId: string) =>
  (await db.query<{ name: string }>('SELECT name FROM lifeline.jobs WHERE event_id = $1', [eventId])).rows;

const isJobInsert = (text: string) => /insert\s+into\s+\S*jobs/i.test(text);

/** `sql`, except that writes of job rows wait for `release()`, or fail while `failing` is set. */
function controlledSql() {
  let release!: () => void;
  let held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const control = { failing: false, hold: true, release: () => release() };
  const client: SqlClient = {
    async query(text, params) {
      if (isJobInsert(text)) {
        if (control.failing) throw new Error('connection terminated unexpectedly');
        if (control.hold) await held;
      }
      return sql.query(text, params);
    },
    transaction: (fn) => sql.transaction(fn),
  };
  const reset = () => {
    held = new Promise<void>((resolve) => {
      release = resolve;
    });
  };
  return { client, control, reset };
}

/** A web process: the webhook endpoint on a producer-only postgresQueue (its jobs run elsewhere). */
function webProcess(client: SqlClient) {
  const clock = virtualClock({ start: Date.UTC(2026, 0, 1, 12) });
  const checkout = fulfilCheckout({ idempotency: memoryIdempotencyStore(), fulfil: async () => {} });
  const lifeline = createLifeline({
    operations: checkout.operations,
    queue: postgresQueue({ sql: client, consume: false }),
    idempotency: memoryIdempotencyStore(),
    deadLetters: memoryDeadLetterStore(),
    log: memoryOperationLog(),
    logger: silentLogger(),
    clock,
  });
  const handle = stripeWebhookHandler({ stripe, secret: SECRET, lifeline, events: checkout.events });
  return { clock, handle };
}

const body = (id: string, sessionId: string) =>
  JSON.stringify(event(id, 'checkout.session.completed', session(sessionId)));

describe('stripeWebhookHandler on postgresQueue: 200 only after the event is committed', () => {
  it('holds the 200 until the job row is written, and the row is there when the 200 comes', async () => {
    const { client, control } = controlledSql();
    const web = webProcess(client);
    let answered = false;
    const response = web.handle(delivery(body('evt_held', 'cs_held'), web.clock)).then((r) => {
      answered = true;
      return r;
    });
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    expect(await jobsFor('evt_held')).toEqual([]);

    control.release();
    const ack = await response;
    expect(ack.status).toBe(200);
    expect(await ack.json()).toEqual({ received: true });
    expect(await jobsFor('evt_held')).toEqual([{ name: 'stripe/checkout.completed' }]);
  });

  it('answers 500 and commits nothing when the database refuses the job; the redelivery is then accepted once', async () => {
    const { client, control } = controlledSql();
    control.hold = false;
    control.failing = true;
    const web = webProcess(client);
    const refused = await web.handle(delivery(body('evt_refused', 'cs_refused'), web.clock));
    expect(refused.status).toBe(500);
    expect(await refused.json()).toEqual({ error: 'could not accept the event; retry later' });
    expect(await jobsFor('evt_refused')).toEqual([]);

    // Stripe retries a non-2xx delivery; twice here, as it may: one job (the event id is the job's id).
    control.failing = false;
    for (let delivered = 0; delivered < 2; delivered++) {
      expect((await web.handle(delivery(body('evt_refused', 'cs_refused'), web.clock))).status).toBe(200);
    }
    expect(await jobsFor('evt_refused')).toHaveLength(1);
  });

  it('an acknowledged event survives the process that acknowledged it: the next worker fulfils it once', async () => {
    const { client, control } = controlledSql();
    control.hold = false;
    const web = webProcess(client);
    expect((await web.handle(delivery(body('evt_kept', 'cs_kept'), web.clock))).status).toBe(200);
    // The web process is gone (never closed, nothing flushed). A worker process starts on the database.

    const clock = virtualClock({ start: web.clock.now() });
    const fulfilled: string[] = [];
    const idempotency = memoryIdempotencyStore();
    const checkout = fulfilCheckout({
      idempotency,
      fulfil: async (paid: CheckoutSession) => {
        fulfilled.push(paid.id);
      },
    });
    const worker = createLifeline({
      operations: checkout.operations,
      queue: postgresQueue({ sql }),
      idempotency,
      deadLetters: memoryDeadLetterStore(),
      log: memoryOperationLog(),
      clock,
    });
    await clock.run(worker.drain());
    await worker.close();
    expect(fulfilled).toEqual(['cs_kept']);
    expect(await jobsFor('evt_kept')).toEqual([]);
  });
});
