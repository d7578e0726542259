import pg from 'pg';
import { migrate, pgPoolClient, postgresOperationLog, type SqlClient } from './src/index';
const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', max: 2 });
const base = pgPoolClient(pool);
const schema = 'probe_log';
const exists = (await pool.query(`select 1 from pg_namespace where nspname=$1`, [schema])).rows.length;
const now = Date.UTC(2026, 10, 26, 12, 34, 56, 789);
const from = now - 86_400_000;
if (!exists || process.env.RELOAD) {
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await migrate(base, { schema });
  await pool.query(`INSERT INTO ${schema}.operation_log (operation, kind, idempotency_key, attempt, outcome, at, duration_ms, enqueued_at)
     SELECT 'op/' || (i % 7), (ARRAY['email', 'webhook', 'job'])[1 + i % 3], 'k' || i, 1 + (i % 11 = 0)::integer + (i % 23 = 0)::integer,
            CASE WHEN i % 100 < 90 THEN 'succeeded' WHEN i % 100 < 95 THEN 'retrying' WHEN i % 100 < 98 THEN 'dead_lettered' ELSE 'duplicate' END,
            at, 12.5, at - (50 + (hashint4(i) & 32767)) * interval '1 millisecond'
     FROM generate_series(0, 999999) AS i,
          LATERAL (SELECT to_timestamp(($1::double precision + (i::double precision / 1000000) * 86400000) / 1000) AS at) x`, [from]);
  await pool.query(`VACUUM ANALYZE ${schema}.operation_log, ${schema}.operation_log_rollup, ${schema}.operation_log_tts`);
}
const seen: Array<{ text: string; params?: readonly unknown[] }> = [];
const sql: SqlClient = { query: (text, params) => { seen.push({ text, params }); return base.query(text, params); }, transaction: base.transaction };
const log = postgresOperationLog(sql, { schema });
const w = { from, to: now + 1 };
for (let i = 0; i < 5; i++) { const t = performance.now(); await log.summarize(w); console.log('summarize', (performance.now() - t).toFixed(2)); }
for (const q of seen.slice(-2)) {
  const t = performance.now(); await pool.query(q.text, q.params as unknown[]); console.log('single', (performance.now() - t).toFixed(2));
  const r = await pool.query('EXPLAIN (ANALYZE, BUFFERS) ' + q.text, q.params as unknown[]);
  console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
}
console.log((await pool.query(`select grain, count(*) from ${schema}.operation_log_rollup group by 1`)).rows, (await pool.query(`select count(*) from ${schema}.operation_log_tts`)).rows);
await pool.end();
