import { MIGRATIONS, migrate, pgPoolClient } from '@lifeline/postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asCaller, type Outcome } from './helpers/as-role';
import { freshSupabaseDatabase, type TestDatabase } from './helpers/database';
import { CLAIMS } from './helpers/jwt';
import { serverUrl } from './helpers/server';

const url = serverUrl();
let db: TestDatabase;
let deadLetterId: string;

/** One valid new row per Lifeline table; the test fails when a table has none (a new table must be added). */
const INSERTS: Record<string, string> = {
  migrations: `INSERT INTO lifeline.migrations (version, name) VALUES (999, 'x')`,
  dead_letters: `INSERT INTO lifeline.dead_letters (kind, name, error, attempts, idempotency_key, first_failed_at, failed_at)
    VALUES ('email', 'rls/new', '{}', 1, 'k-new', now(), now())`,
  idempotency_keys: `INSERT INTO lifeline.idempotency_keys (key, fingerprint, status) VALUES ('k-new', 'f', 'completed')`,
  operation_log: `INSERT INTO lifeline.operation_log (operation, kind, idempotency_key, attempt, outcome, at, duration_ms, enqueued_at)
    VALUES ('rls/op', 'job', 'k-new', 1, 'succeeded', now(), 1, now())`,
  operation_log_rollup: `INSERT INTO lifeline.operation_log_rollup (grain, bucket, kind, outcome, retried, n, tts_sum_ms)
    VALUES ('hour', '2000-01-01', 'job', 'succeeded', false, 1, 0)`,
  operation_log_tts: `INSERT INTO lifeline.operation_log_tts (bucket, kind, tts_bucket, n) VALUES ('2000-01-01', 'job', 1, 1)`,
  throttle_state: `INSERT INTO lifeline.throttle_state (key, starts, idle_at) VALUES ('k-new', '{1}', 2)`,
  outbox: `INSERT INTO lifeline.outbox (name, data, idempotency_key, created_at, available_at) VALUES ('rls/op', '{}', 'k-new', now(), now())`,
  cursors: `INSERT INTO lifeline.cursors (key, value) VALUES ('k-new', 'v')`,
  jobs: `INSERT INTO lifeline.jobs (queue, event_id, name, kind, idempotency_key, enqueued_at, run_at)
    VALUES ('rls', 'evt-new', 'rls/op', 'job', 'k-new', now(), now())`,
  alerts: `INSERT INTO lifeline.alerts (at, severity, title, message, delivered) VALUES (now(), 'info', 't', 'm', true)`,
  incidents: `INSERT INTO lifeline.incidents (error_fingerprint, status, updated_by, updated_at) VALUES ('fp-new', 'open', 'x', now())`,
  bulk_jobs: `INSERT INTO lifeline.bulk_jobs (action, ids, by_whom, created_at, canary, max_new_failures, pace_ms, total, updated_at)
    VALUES ('resolve', '[]', 'x', now(), 0, 0, 0, 0, now())`,
  bulk_job_items: `INSERT INTO lifeline.bulk_job_items (job_id, item_index, dead_letter_id, outcome, at)
    VALUES ('bulk-seed', 1, 'dl', 'resolved', now())`,
};

/** One call of every RPC function, with arguments that work for a caller who has access ($1: a dead letter id). */
const CALLS: Record<string, string> = {
  lifeline_dead_letter_record: `SELECT public.lifeline_dead_letter_record('dl_rpc', 'email', 'rls/rpc', '{}', '{"name":"E","message":"m"}', 1, 'k-rpc', now(), now(), 'fp_x', E'\\nk-rpc') AS r`,
  lifeline_dead_letter_get: 'SELECT public.lifeline_dead_letter_get($1) AS r',
  lifeline_dead_letter_list: `SELECT public.lifeline_dead_letter_list(p_name => 'rls/seed') AS r`,
  lifeline_dead_letter_count: 'SELECT public.lifeline_dead_letter_count() AS r',
  lifeline_dead_letter_count_by_status: `SELECT public.lifeline_dead_letter_count_by_status(p_search_pattern => '%seed%') AS r`,
  lifeline_dead_letter_group_by_error: `SELECT public.lifeline_dead_letter_group_by_error(p_name => 'rls/seed') AS r`,
  lifeline_dead_letter_transition: `SELECT public.lifeline_dead_letter_transition($1, '{open}', 'retrying', 'rls', now()) AS r`,
  lifeline_idempotency_claim: `SELECT public.lifeline_idempotency_claim('k-rpc', 'f', now() + interval '1 minute', now()) AS r`,
  lifeline_idempotency_complete: `SELECT public.lifeline_idempotency_complete('k-seed', 'token-seed', '1', now()) AS r`,
  lifeline_idempotency_release: `SELECT public.lifeline_idempotency_release('k-seed', 'token-seed') AS r`,
  lifeline_idempotency_get: `SELECT public.lifeline_idempotency_get('k-seed') AS r`,
  lifeline_idempotency_forget: `SELECT public.lifeline_idempotency_forget('k-seed') AS r`,
  lifeline_log_append: `SELECT public.lifeline_log_append('rls/op', 'job', 'k', 1, 'succeeded', now(), 1, now()) AS r`,
  lifeline_log_summarize: `SELECT public.lifeline_log_summarize('2000-01-01', '2000-01-02') AS r`,
  lifeline_log_attempts: `SELECT public.lifeline_log_attempts('k-seed') AS r`,
  lifeline_log_histogram: `SELECT public.lifeline_log_histogram('2000-01-01', '2000-01-01 01:00', 3600000) AS r`,
  lifeline_throttle_reserve: `SELECT public.lifeline_throttle_reserve('k-seed', 5, 1000, 10) AS r`,
  lifeline_alert_append: `SELECT public.lifeline_alert_append('al_rpc', now(), 'info', 't', 'm', true) AS r`,
  lifeline_alert_list: 'SELECT public.lifeline_alert_list() AS r',
  lifeline_alert_count: 'SELECT public.lifeline_alert_count() AS r',
  lifeline_incident_get_many: `SELECT public.lifeline_incident_get_many('{fp-seed}') AS r`,
  lifeline_incident_update: `SELECT public.lifeline_incident_update('fp-rpc', 'rls', now(), 'acknowledged') AS r`,
  lifeline_bulk_job_create: `SELECT public.lifeline_bulk_job_create('bulk-rpc', 'resolve', '["dl"]', 'rls', now(), 0, 0, 0) AS r`,
  lifeline_bulk_job_get: `SELECT public.lifeline_bulk_job_get('bulk-seed') AS r`,
  lifeline_bulk_job_list: 'SELECT public.lifeline_bulk_job_list() AS r',
  lifeline_bulk_job_claim: `SELECT coalesce(public.lifeline_bulk_job_claim('bulk-seed', 'o', now() + interval '1 minute', now()), '{}') AS r`,
  lifeline_bulk_job_record_item: `SELECT coalesce(public.lifeline_bulk_job_record_item('bulk-seed', 'nobody', 9, 'dl', 'resolved', now()), '{}') AS r`,
  lifeline_bulk_job_finish: `SELECT coalesce(public.lifeline_bulk_job_finish('bulk-seed', 'nobody', 'completed', now()), '{}') AS r`,
  lifeline_bulk_job_request_abort: `SELECT public.lifeline_bulk_job_request_abort('bulk-seed', 'rls', now()) AS r`,
  lifeline_bulk_job_items: `SELECT public.lifeline_bulk_job_items('bulk-seed') AS r`,
  lifeline_cursor_get: `SELECT public.lifeline_cursor_get('k-seed') AS r`,
  lifeline_cursor_set: `SELECT public.lifeline_cursor_set('k-rpc', 'v') AS r`,
  lifeline_cursor_compare_and_set: `SELECT public.lifeline_cursor_compare_and_set('k-seed', 'seed', 'v2') AS r`,
  lifeline_cursor_delete: `SELECT public.lifeline_cursor_delete('k-seed') AS r`,
};

const tables = async () =>
  (
    await db.pool.query<{ t: string }>(
      `SELECT relname AS t FROM pg_class WHERE relnamespace = 'lifeline'::regnamespace AND relkind = 'r' ORDER BY 1`,
    )
  ).rows.map((row) => row.t);

/** A column of `table` that `UPDATE … SET c = c` may touch (not an identity column). */
const updatableColumn = async (table: string) =>
  (
    await db.pool.query<{ c: string }>(
      `SELECT attname AS c FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped
         AND attidentity = '' ORDER BY attnum LIMIT 1`,
      [`lifeline.${table}`],
    )
  ).rows[0]!.c;

const refused = (outcome: Outcome) => {
  expect(outcome).toMatchObject({ ok: false, code: '42501' });
};
const succeeded = (outcome: Outcome) => {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code}: ${outcome.message}`);
  return outcome;
};

describe.skipIf(!url)('the Supabase migration on the PostgreSQL server', () => {
  beforeAll(async () => {
    db = await freshSupabaseDatabase(url!, { poolSize: 4 });
    // Seed every table as the owner (the role migrations run as), so callers have rows to see or not.
    const { rows } = await db.pool.query<{ id: string }>(
      `INSERT INTO lifeline.dead_letters (kind, name, error, attempts, idempotency_key, first_failed_at, failed_at)
       VALUES ('email', 'rls/seed', '{"name":"E","message":"m"}', 1, 'k-seed', now(), now()) RETURNING id`,
    );
    deadLetterId = rows[0]!.id;
    await db.pool.query(`
      INSERT INTO lifeline.idempotency_keys (key, fingerprint, status, token, lease_expires_at)
        VALUES ('k-seed', 'f', 'in_progress', 'token-seed', now() + interval '1 hour');
      INSERT INTO lifeline.operation_log (operation, kind, idempotency_key, attempt, outcome, at, duration_ms, enqueued_at)
        VALUES ('rls/seed', 'email', 'k-seed', 1, 'succeeded', '2000-01-01 00:30', 1, '2000-01-01 00:29');
      INSERT INTO lifeline.throttle_state (key, starts, idle_at) VALUES ('k-seed', '{1}', 2);
      INSERT INTO lifeline.outbox (name, data, idempotency_key, created_at, available_at)
        VALUES ('rls/seed', '{}', 'k-seed', now(), now());
      INSERT INTO lifeline.cursors (key, value) VALUES ('k-seed', 'seed');
      INSERT INTO lifeline.jobs (queue, event_id, name, kind, idempotency_key, enqueued_at, run_at)
        VALUES ('rls', 'evt-seed', 'rls/seed', 'job', 'k-seed', now(), now());
      INSERT INTO lifeline.alerts (at, severity, title, message, delivered) VALUES (now(), 'info', 'seed', 'm', true);
      INSERT INTO lifeline.incidents (error_fingerprint, status, updated_by, updated_at) VALUES ('fp-seed', 'open', 'x', now());
      INSERT INTO lifeline.bulk_jobs (id, action, ids, by_whom, created_at, canary, max_new_failures, pace_ms, total, updated_at)
        VALUES ('bulk-seed', 'resolve', '[]', 'x', now(), 0, 0, 0, 0, now());
      INSERT INTO lifeline.bulk_job_items (job_id, item_index, dead_letter_id, outcome, at)
        VALUES ('bulk-seed', 0, 'dl', 'resolved', now());`);
  });
  afterAll(() => db?.close());

  test('holds exactly the tables, indexes, triggers and columns of @lifeline/postgres, and migrate() finds it current', async () => {
    const sql = pgPoolClient(db.pool);
    // The same schema made by @lifeline/postgres itself, beside it.
    await migrate(sql, { schema: 'postgres_reference' });
    const shape = async (schema: string) =>
      (
        await db.pool.query<{ item: string }>(
          `SELECT 'rel ' || c.relkind::text || ' ' || c.relname::text AS item FROM pg_class c WHERE c.relnamespace = $1::regnamespace
           UNION ALL SELECT 'trigger ' || t.tgname || ' on ' || t.tgrelid::regclass::text FROM pg_trigger t
             JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = $1::regnamespace AND NOT t.tgisinternal
           UNION ALL SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '
             || coalesce(column_default, '-') || ' ' || coalesce(collation_name, '-')
             FROM information_schema.columns WHERE table_schema = $1::text
           UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = $1::text
           ORDER BY 1`,
          [schema],
        )
      ).rows.map((row) => row.item.replaceAll('postgres_reference.', '').replaceAll('lifeline.', ''));
    const reference = await shape('postgres_reference');
    expect(reference.length).toBeGreaterThan(50);
    expect(await shape('lifeline')).toEqual(reference);
    const functions = async (schema: string) =>
      (
        await db.pool.query<{ f: string }>(
          `SELECT proname AS f FROM pg_proc WHERE pronamespace = $1::regnamespace ORDER BY 1`,
          [schema],
        )
      ).rows.map((row) => row.f);
    const lifelineFunctions = await functions('lifeline');
    for (const fn of await functions('postgres_reference')) expect(lifelineFunctions).toContain(fn);
    expect(await migrate(sql, { schema: 'lifeline' })).toEqual({
      schema: 'lifeline',
      applied: [],
      version: Math.max(...MIGRATIONS.map((m) => m.version)),
    });
    await db.pool.query('DROP SCHEMA postgres_reference CASCADE');
  });

  test('every table has RLS with exactly two policies; anon and PUBLIC hold no privilege on anything of Lifeline', async () => {
    const all = await tables();
    expect(all.sort()).toEqual(Object.keys(INSERTS).sort());
    const { rows } = await db.pool.query<{ t: string; rls: boolean; policies: string[] }>(
      `SELECT c.relname AS t, c.relrowsecurity AS rls,
         ARRAY(SELECT p.polname || ' ' || p.polcmd::text || ' ' || array_to_string(ARRAY(SELECT rolname FROM pg_roles WHERE oid = ANY(p.polroles)), ',')
               FROM pg_policy p WHERE p.polrelid = c.oid ORDER BY 1) AS policies
       FROM pg_class c WHERE c.relnamespace = 'lifeline'::regnamespace AND c.relkind = 'r'`,
    );
    for (const row of rows) {
      expect(row, row.t).toMatchObject({
        rls: true,
        policies: ['lifeline_admins * authenticated', 'lifeline_service_role * service_role'],
      });
    }
    const leaks = await db.pool.query(
      `SELECT 'table ' || c.relname AS what, r.rolname FROM pg_class c, pg_roles r
         WHERE c.relnamespace = 'lifeline'::regnamespace AND c.relkind IN ('r', 'S') AND r.rolname IN ('anon', 'public')
           AND has_table_privilege(r.oid, c.oid, 'SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER')
       UNION ALL SELECT 'function ' || p.oid::regprocedure::text, r.rolname FROM pg_proc p, pg_roles r
         WHERE (p.pronamespace = 'lifeline'::regnamespace OR p.proname LIKE 'lifeline\\_%') AND r.rolname = 'anon'
           AND has_function_privilege(r.oid, p.oid, 'EXECUTE')
       UNION ALL SELECT 'schema lifeline', 'anon' WHERE has_schema_privilege('anon', 'lifeline', 'USAGE')`,
    );
    expect(leaks.rows).toEqual([]);
    const rpc = await db.pool.query<{ f: string; definer: boolean; config: string[] | null }>(
      `SELECT proname AS f, prosecdef AS definer, proconfig AS config FROM pg_proc
       WHERE pronamespace = 'public'::regnamespace AND proname LIKE 'lifeline\\_%' ORDER BY 1`,
    );
    expect(rpc.rows.map((row) => row.f)).toEqual(Object.keys(CALLS).sort());
    for (const row of rpc.rows)
      expect(row, row.f).toMatchObject({ definer: false, config: ['search_path=""'] });
  });

  test('anon can neither read nor write any Lifeline table', async () => {
    for (const table of await tables()) {
      const column = await updatableColumn(table);
      refused(await asCaller(db.pool, CLAIMS.anon, `SELECT * FROM lifeline.${table}`));
      refused(await asCaller(db.pool, CLAIMS.anon, INSERTS[table]!));
      refused(await asCaller(db.pool, CLAIMS.anon, `UPDATE lifeline.${table} SET ${column} = ${column}`));
      refused(await asCaller(db.pool, CLAIMS.anon, `DELETE FROM lifeline.${table}`));
    }
  });

  test('an ordinary authenticated user sees no row, and cannot insert, change or delete one', async () => {
    for (const table of await tables()) {
      const column = await updatableColumn(table);
      const stored = await db.pool.query(`SELECT count(*)::int AS n FROM lifeline.${table}`);
      expect(stored.rows[0].n, table).toBeGreaterThan(0);
      expect(succeeded(await asCaller(db.pool, CLAIMS.user, `SELECT * FROM lifeline.${table}`)).rows).toEqual(
        [],
      );
      const insert = await asCaller(db.pool, CLAIMS.user, INSERTS[table]!);
      refused(insert);
      expect(insert.ok ? '' : insert.message).toContain('row-level security');
      const update = `UPDATE lifeline.${table} SET ${column} = ${column}`;
      expect(succeeded(await asCaller(db.pool, CLAIMS.user, update)).rowCount, table).toBe(0);
      expect(succeeded(await asCaller(db.pool, CLAIMS.user, `DELETE FROM lifeline.${table}`)).rowCount).toBe(
        0,
      );
    }
  });

  test('an admin (app_metadata.role = "admin") and service_role read and write every table', async () => {
    for (const claims of [CLAIMS.admin, CLAIMS.serviceRole]) {
      for (const table of await tables()) {
        const column = await updatableColumn(table);
        const label = `${claims.role} on ${table}`;
        expect(
          succeeded(await asCaller(db.pool, claims, `SELECT * FROM lifeline.${table}`)).rowCount,
          label,
        ).toBeGreaterThan(0);
        expect(succeeded(await asCaller(db.pool, claims, INSERTS[table]!)).rowCount, label).toBe(1);
        const update = `UPDATE lifeline.${table} SET ${column} = ${column}`;
        expect(succeeded(await asCaller(db.pool, claims, update)).rowCount, label).toBeGreaterThan(0);
        expect(
          succeeded(await asCaller(db.pool, claims, `DELETE FROM lifeline.${table}`)).rowCount,
          label,
        ).toBeGreaterThan(0);
      }
    }
  });

  test('every RPC function: anon may not execute it, an ordinary user is refused, admin and service_role get results', async () => {
    for (const [fn, sql] of Object.entries(CALLS)) {
      const params = sql.includes('$1') ? [deadLetterId] : [];
      const anon = await asCaller(db.pool, CLAIMS.anon, sql, params);
      refused(anon);
      expect(anon.ok ? '' : anon.message, fn).toContain('permission denied for function');
      const user = await asCaller(db.pool, CLAIMS.user, sql, params);
      refused(user);
      expect(user.ok ? '' : user.message, fn).toContain('only for service_role and admins');
      for (const claims of [CLAIMS.admin, CLAIMS.serviceRole]) {
        const result = succeeded(await asCaller(db.pool, claims, sql, params)).rows[0]!.r;
        expect(result, `${fn} as ${claims.role}`).not.toBeNull();
        if (result === false) throw new Error(`${fn} as ${claims.role} changed nothing`);
      }
    }
    // What the admin saw is the stored data, not merely a non-null answer.
    const get = succeeded(
      await asCaller(db.pool, CLAIMS.admin, CALLS.lifeline_dead_letter_get!, [deadLetterId]),
    );
    expect(get.rows[0]!.r).toMatchObject({ id: deadLetterId, name: 'rls/seed', status: 'open' });
    const cursor = succeeded(await asCaller(db.pool, CLAIMS.serviceRole, CALLS.lifeline_cursor_get!));
    expect(cursor.rows[0]!.r).toBe('seed');
  });

  test('replacing lifeline.is_admin() moves admin rights to another claim, for policies and functions alike', async () => {
    const replace = `CREATE OR REPLACE FUNCTION lifeline.is_admin() RETURNS boolean LANGUAGE sql STABLE SET search_path = ''
      AS $$ SELECT coalesce((auth.jwt() ->> 'user_role') = 'ops', false) $$`;
    const ops = { ...CLAIMS.user, user_role: 'ops' };
    const read = 'SELECT * FROM lifeline.dead_letters';
    expect(succeeded(await asCaller(db.pool, ops, read, [], replace)).rowCount).toBeGreaterThan(0);
    expect(succeeded(await asCaller(db.pool, CLAIMS.admin, read, [], replace)).rows).toEqual([]);
    const count = CALLS.lifeline_dead_letter_count!;
    expect(Number(succeeded(await asCaller(db.pool, ops, count, [], replace)).rows[0]!.r)).toBeGreaterThan(0);
    refused(await asCaller(db.pool, CLAIMS.admin, count, [], replace));
    // The replacement was rolled back with its transaction: the default claim decides again.
    expect(succeeded(await asCaller(db.pool, CLAIMS.admin, read)).rowCount).toBeGreaterThan(0);
    expect(succeeded(await asCaller(db.pool, ops, read)).rows).toEqual([]);
  });
});
