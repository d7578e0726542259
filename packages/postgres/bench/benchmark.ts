/**
 * Benchmarks @lifeline/postgres on a PostgreSQL server against bare-SQL references, side by side:
 *  1. idempotency claim + complete per second vs a bare INSERT … ON CONFLICT + UPDATE pair (goal ≥ 0.8×);
 *  2. a dead-letter page (50 rows, kind + status) 900,000 rows deep in 1,000,000: keyset vs OFFSET (goal ≥ 20×);
 *  3. the 24 h health summary at 1,000,000 log rows vs a bare count(*) … GROUP BY over the same rows (goal ≥ 10×);
 *  4. the dashboard list with a search over 1,000,000 dead letters vs ILIKE over id/key/payload (goal p95 ≤ 50 ms),
 *     see bench/dead-letter-search-bench.ts. `LIFELINE_BENCH=search` runs only this one.
 *
 * Started by bench/run.ts. It works in a fresh random schema and drops it at the end.
 */
import pg from 'pg';
import { encodeCursor } from '../src/dead-letters/dead-letter-cursor';
import { DEAD_LETTER_COLUMNS } from '../src/dead-letters/dead-letter-row';
import {
  migrate,
  pgPoolClient,
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOperationLog,
} from '../src/index';
import { deadLetterSearchBench } from './dead-letter-search-bench';

const url = process.env.LIFELINE_TEST_DATABASE_URL;
if (!url) {
  console.error(
    'LIFELINE_TEST_DATABASE_URL is not set: point it at a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/test',
  );
  process.exit(1);
}

const schema = `bench_${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`;
const s = `"${schema}"`;
const pool = new pg.Pool({ connectionString: url, max: 2 });
const sql = pgPoolClient(pool);
const started = Date.now();

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
};
const fmt = (n: number, digits = 2) => n.toFixed(digits);
const rows: Array<[string, string, string, string, string]> = [];

async function timed(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

async function idempotencyBench() {
  const store = postgresIdempotencyStore(sql, { schema });
  await sql.query(`CREATE TABLE ${s}.bare_keys (LIKE ${s}.idempotency_keys INCLUDING ALL)`);
  let n = 0;
  const lifeline = async () => {
    const key = `bench:l:${n++}`;
    const now = Date.now();
    const claim = await store.claim(key, 'fp', 30_000, now);
    if (claim.status !== 'claimed') throw new Error(`unexpected ${claim.status}`);
    if (!(await store.complete(key, claim.token, { ok: true }, now, 7 * 86_400_000)))
      throw new Error('complete failed');
  };
  const bare = async () => {
    const key = `bench:b:${n++}`;
    const token = crypto.randomUUID();
    await pool.query(
      `INSERT INTO ${s}.bare_keys (key, fingerprint, status, token, lease_expires_at) VALUES ($1, 'fp', 'in_progress', $2, now() + interval '30 seconds') ON CONFLICT (key) DO NOTHING`,
      [key, token],
    );
    await pool.query(
      `UPDATE ${s}.bare_keys SET status = 'completed', result = $3::json, completed_at = now(), expires_at = now() + interval '7 days', token = NULL, lease_expires_at = NULL WHERE key = $1 AND token = $2`,
      [key, token, JSON.stringify({ ok: true })],
    );
  };
  const rate = async (fn: () => Promise<void>, ms: number) => {
    let done = 0;
    const end = performance.now() + ms;
    while (performance.now() < end) {
      await fn();
      done++;
    }
    return (done * 1000) / ms;
  };
  await rate(lifeline, 500);
  await rate(bare, 500);
  const ours: number[] = [];
  const theirs: number[] = [];
  // Short rounds, alternating which side goes first, so drift in the machine's load hits both alike.
  for (let round = 0; round < 8; round++) {
    if (round % 2 === 0) {
      ours.push(await rate(lifeline, 800));
      theirs.push(await rate(bare, 800));
    } else {
      theirs.push(await rate(bare, 800));
      ours.push(await rate(lifeline, 800));
    }
  }
  const a = ours.reduce((x, y) => x + y) / ours.length;
  const b = theirs.reduce((x, y) => x + y) / theirs.length;
  rows.push([
    'idempotency claim+complete (sequential, 1 connection)',
    `${fmt(a, 0)} /s`,
    `${fmt(b, 0)} /s (bare INSERT ON CONFLICT + UPDATE)`,
    `${fmt(a / b)}×`,
    a / b >= 0.8 ? 'goal ≥ 0.8× met' : 'goal ≥ 0.8× MISSED',
  ]);
}

async function deadLetterBench() {
  const t = Date.now();
  // 1,000,000 rows: 96% email/open (the filtered list), the rest other kinds and statuses; ties on failed_at.
  await sql.query(`
    INSERT INTO ${s}.dead_letters (kind, name, payload, error, attempts, idempotency_key, first_failed_at, failed_at, status)
    SELECT CASE WHEN i % 50 = 0 THEN 'webhook' WHEN i % 50 = 1 THEN 'job' ELSE 'email' END,
           'purchase/receipt.send', json_build_object('purchaseId', 'p_' || i), '{"name":"Error","message":"smtp timeout"}'::json, 3,
           'receipt:p_' || i, ts - interval '5 minutes', ts,
           CASE WHEN i % 100 = 2 THEN 'resolved' WHEN i % 100 = 3 THEN 'retrying' ELSE 'open' END
    FROM generate_series(1, 1000000) AS i,
         LATERAL (SELECT timestamptz '2026-01-01' + (i / 3) * interval '2 seconds' AS ts) x`);
  await pool.query(`VACUUM ANALYZE ${s}.dead_letters`);
  const loadMs = Date.now() - t;
  const store = postgresDeadLetterStore(sql, { schema });
  const depth = 900_000;
  const filter = `kind = 'email' AND status = 'open'`;
  const matching = (await pool.query(`SELECT count(*)::integer AS n FROM ${s}.dead_letters WHERE ${filter}`))
    .rows[0].n;
  const before = await pool.query(
    `SELECT (extract(epoch FROM failed_at) * 1000)::double precision AS failed_at, id FROM ${s}.dead_letters WHERE ${filter} ORDER BY failed_at DESC, id DESC OFFSET ${depth - 1} LIMIT 1`,
  );
  const cursor = encodeCursor({ failedAt: before.rows[0].failed_at, id: before.rows[0].id });
  const keyset = () => store.list({ kind: 'email', status: 'open', limit: 50, cursor });
  const offset = () =>
    pool.query(
      `SELECT ${DEAD_LETTER_COLUMNS} FROM ${s}.dead_letters d WHERE ${filter} ORDER BY d.failed_at DESC, d.id DESC OFFSET ${depth} LIMIT 50`,
    );
  const [ours, theirs] = [await keyset(), await offset()];
  if (ours.items.map((e) => e.id).join() !== theirs.rows.map((r) => r.id).join())
    throw new Error('keyset and OFFSET pages differ');
  await timed(3, keyset);
  const k = await timed(100, keyset);
  const o = await timed(12, offset);
  const kp = percentile(k, 0.95);
  const op = percentile(o, 0.95);
  rows.push([
    `dead-letter page, 50 rows (email+open), ${depth.toLocaleString('en')} deep of 1,000,000 (${matching.toLocaleString('en')} match; load ${fmt(loadMs / 1000, 1)} s)`,
    `keyset p95 ${fmt(kp)} ms (p50 ${fmt(percentile(k, 0.5))})`,
    `OFFSET p95 ${fmt(op)} ms (p50 ${fmt(percentile(o, 0.5))})`,
    `${fmt(op / kp, 0)}× faster`,
    op / kp >= 20 ? 'goal ≥ 20× met' : 'goal ≥ 20× MISSED',
  ]);
}

async function healthBench() {
  const now = Date.now();
  const from = now - 86_400_000;
  const t = Date.now();
  // 1,000,000 attempt outcomes spread over the last 24 h; the statement trigger builds the rollups.
  await sql.query(
    `INSERT INTO ${s}.operation_log (operation, kind, idempotency_key, attempt, outcome, at, duration_ms, enqueued_at)
     SELECT 'op/' || (i % 7), (ARRAY['email', 'webhook', 'job'])[1 + i % 3], 'k' || i, 1 + (i % 11 = 0)::integer + (i % 23 = 0)::integer,
            CASE WHEN i % 100 < 90 THEN 'succeeded' WHEN i % 100 < 95 THEN 'retrying' WHEN i % 100 < 98 THEN 'dead_lettered' ELSE 'duplicate' END,
            at, 12.5, at - (50 + (hashint4(i) & 32767)) * interval '1 millisecond'
     FROM generate_series(0, 999999) AS i,
          LATERAL (SELECT to_timestamp(($1::double precision + (i::double precision / 1000000) * 86400000) / 1000) AS at) x`,
    [from],
  );
  await pool.query(`VACUUM ANALYZE ${s}.operation_log, ${s}.operation_log_rollup`);
  const loadMs = Date.now() - t;
  const log = postgresOperationLog(sql, { schema });
  const window = { from, to: now + 1 };
  const ours = () => log.summarize(window);
  const bare = () =>
    pool.query(
      `SELECT kind, outcome, count(*) FROM ${s}.operation_log WHERE at >= to_timestamp($1::double precision / 1000) AND at < to_timestamp($2::double precision / 1000) GROUP BY kind, outcome`,
      [window.from, window.to],
    );
  const summary = await ours();
  const counted = (await bare()).rows.reduce((total, row) => total + Number(row.count), 0);
  const finished = ['email', 'webhook', 'job'].reduce((total, kind) => {
    const k = summary[kind as 'email'];
    return total + k.finished + k.duplicates;
  }, 0);
  const retrying = (await bare()).rows
    .filter((row) => row.outcome === 'retrying')
    .reduce((total, row) => total + Number(row.count), 0);
  if (finished + retrying !== counted)
    throw new Error(`summary counts ${finished + retrying} rows, the bare scan ${counted}`);
  await timed(3, ours);
  await timed(2, bare);
  const a = await timed(100, ours);
  const b = await timed(20, bare);
  const ap = percentile(a, 0.95);
  const bp = percentile(b, 0.95);
  const rollups = (await pool.query(`SELECT count(*)::integer AS n FROM ${s}.operation_log_rollup`)).rows[0]
    .n;
  rows.push([
    `24 h health summary over 1,000,000 log rows (${rollups.toLocaleString('en')} rollup rows; load ${fmt(loadMs / 1000, 1)} s)`,
    `summarize p95 ${fmt(ap)} ms (p50 ${fmt(percentile(a, 0.5))})`,
    `count(*) GROUP BY p95 ${fmt(bp)} ms (p50 ${fmt(percentile(b, 0.5))})`,
    `${fmt(bp / ap, 0)}× faster`,
    bp / ap >= 10 ? 'goal ≥ 10× met' : 'goal ≥ 10× MISSED',
  ]);
}

try {
  const version = (await pool.query('SHOW server_version')).rows[0].server_version;
  await migrate(sql, { schema });
  console.log(
    `@lifeline/postgres benchmark on PostgreSQL ${version} (schema ${schema}), Node ${process.version}\n`,
  );
  const only = process.env.LIFELINE_BENCH;
  if (!only) {
    await idempotencyBench();
    await deadLetterBench();
    await healthBench();
  }
  if (!only || only === 'search') rows.push(...(await deadLetterSearchBench(pool, sql, schema)));
  console.log('| measure | @lifeline/postgres | reference | ratio | goal |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`\nfinished in ${fmt((Date.now() - started) / 1000, 1)} s`);
} finally {
  await pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await pool.end();
}
