import { isStoreUnavailableError, type StoreUnavailableError } from '@lifeline/core';
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isConnectionLost } from '../src/clients/connection-lost';
import { pgPoolClient, postgresJsClient, type SqlClient } from '../src/index';
import {
  startThrowawayCluster,
  type ThrowawayCluster,
  throwawayClusterUnavailable,
} from './helpers/throwaway-cluster';

const unavailable = throwawayClusterUnavailable();

/** What a lost connection must surface as: core's store-outage error, the driver's error kept as cause. */
function expectStoreUnavailable(error: unknown) {
  expect(isStoreUnavailableError(error), String(error)).toBe(true);
  expect((error as StoreUnavailableError).store).toBe('database');
  expect(isConnectionLost((error as Error).cause)).toBe(true);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but it resolved');
}

const one = async (sql: SqlClient) => (await sql.query<{ n: number }>('SELECT 1 AS n')).rows[0]?.n;

// A lost connection that reached no listener would be an uncaught exception, which fails this run.
describe.skipIf(unavailable)('a lost connection never crashes the process (throwaway cluster)', () => {
  let cluster: ThrowawayCluster;
  let admin: pg.Client;
  const warnings: string[] = [];
  let pool: pg.Pool;
  let sql: SqlClient;
  let js: postgres.Sql;
  let jsSql: SqlClient;

  const terminate = (pid: number) => admin.query('SELECT pg_terminate_backend($1)', [pid]);

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    admin = new pg.Client({ connectionString: cluster.url });
    admin.on('error', () => {}); // the admin session dies with the stop/start test
    await admin.connect();
    pool = new pg.Pool({ connectionString: cluster.url, max: 4 });
    sql = pgPoolClient(pool, { logger: { warn: (message) => warnings.push(message) } });
    js = postgres(cluster.url, { max: 2, onnotice: () => {} });
    jsSql = postgresJsClient(js);
  });
  afterAll(async () => {
    await admin?.end().catch(() => {});
    await pool?.end().catch(() => {});
    await js?.end({ timeout: 1 }).catch(() => {});
    await cluster?.destroy();
  });

  test('pgPoolClient: a backend terminated under a checked-out client rejects the transaction as a store outage; the next query works', async () => {
    let heldBy = 0;
    const outcome = rejection(
      sql.transaction(async (tx) => {
        heldBy = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        // Idle in transaction while the server drops the connection: the client's 'error' event fires now.
        await terminate(heldBy);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await tx.query('SELECT 1');
      }),
    );
    expectStoreUnavailable(await outcome);
    expect(heldBy).toBeGreaterThan(0);
    expect(await one(sql)).toBe(1);
    // The broken client was discarded, not put back: no pooled session still has the dead pid.
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [
      heldBy,
    ]);
    expect(rows[0].n).toBe(0);
  });

  test('pgPoolClient: a pooled query whose backend is terminated mid-statement rejects as a store outage; the next query works', async () => {
    const slow = rejection(sql.query('SELECT pg_sleep(5)'));
    let pid: number | undefined;
    for (let i = 0; i < 100 && !pid; i++) {
      const { rows } = await admin.query(
        "SELECT pid FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(5)' AND state = 'active'",
      );
      pid = rows[0]?.pid;
      if (!pid) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(pid).toBeDefined();
    await terminate(pid!);
    expectStoreUnavailable(await slow);
    expect(await one(sql)).toBe(1);
  });

  test('pgPoolClient: idle pooled connections terminated by the server are reported to the logger, not thrown', async () => {
    await Promise.all([one(sql), one(sql), one(sql)]); // several idle connections in the pool
    expect(pool.idleCount).toBeGreaterThan(0);
    warnings.length = 0;
    const { rows } = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name = ''",
    );
    expect(rows.length).toBeGreaterThan(0);
    for (let i = 0; i < 200 && warnings.length < rows.length; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(warnings.length).toBe(rows.length); // one report per idle connection lost, none thrown
    expect(await one(sql)).toBe(1);
  });

  test('postgresJsClient: a terminated backend rejects as a store outage; the next query works', async () => {
    const slow = rejection(jsSql.query('SELECT pg_sleep(5) AS js_sleep'));
    let pid: number | undefined;
    for (let i = 0; i < 100 && !pid; i++) {
      const { rows } = await admin.query(
        "SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(5) AS js_sleep%' AND state = 'active'",
      );
      pid = rows[0]?.pid;
      if (!pid) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(pid).toBeDefined();
    await terminate(pid!);
    expectStoreUnavailable(await slow);
    const first = await one(jsSql).catch((error: unknown) => error); // see the stale-57P01 note below
    if (first !== 1) expectStoreUnavailable(first);
    expect(await one(jsSql)).toBe(1);
  });

  test('the server stopped and started: queries and transactions reject as a store outage while it is down, and work after', async () => {
    await Promise.all([one(sql), one(jsSql)]);
    await cluster.stop('fast');
    expectStoreUnavailable(await rejection(one(sql)));
    expectStoreUnavailable(await rejection(sql.transaction(async (tx) => one(tx))));
    expectStoreUnavailable(await rejection(one(jsSql)));
    expectStoreUnavailable(await rejection(jsSql.transaction(async (tx) => one(tx))));
    await cluster.start();
    expect(await one(sql)).toBe(1);
    expect(await sql.transaction(async (tx) => one(tx))).toBe(1);
    // postgres.js 3.4.9 may replay a dead session's 57P01 onto the first query after it reconnects
    // (porsager/postgres#1223): still a store outage, and the query after it works.
    const first = await one(jsSql).catch((error: unknown) => error);
    if (first !== 1) expectStoreUnavailable(first);
    expect(await one(jsSql)).toBe(1);
  });
});
