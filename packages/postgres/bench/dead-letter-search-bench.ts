/**
 * The dashboard's dead-letter list with a search, over 1,000,000 dead letters (issue 14): `store.list({ status:
 * 'open', search, limit: 50 })` through the trigram index, beside the reference a developer would write
 * without it (`id ILIKE … OR idempotency_key ILIKE … OR payload::text ILIKE …`), measured in the same run.
 * Goal: p95 ≤ 50 ms for every kind of search a dashboard sends.
 */
import type pg from 'pg';
import { DEAD_LETTER_COLUMNS } from '../src/dead-letters/dead-letter-row';
import { postgresDeadLetterStore } from '../src/index';
import type { SqlClient } from '../src/sql-client';

type Row = [string, string, string, string, string];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
};
const fmt = (n: number, digits = 2) => n.toFixed(digits);

async function timedEach<T>(inputs: T[], fn: (input: T) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (const input of inputs) {
    const t = performance.now();
    await fn(input);
    times.push(performance.now() - t);
  }
  return times;
}

/** Seeds 1,000,000 dead letters in `schema` (search text built as the store builds it) and measures. */
export async function deadLetterSearchBench(pool: pg.Pool, sql: SqlClient, schema: string): Promise<Row[]> {
  const s = `"${schema}"`;
  const t = Date.now();
  await pool.query(`TRUNCATE ${s}.dead_letters`);
  // Payload values as a checkout app has them; search_text = lower(id \n key \n payload values), as
  // deadLetterSearchText() builds it. 90% open; five error groups; ties on failed_at.
  await pool.query(`
    INSERT INTO ${s}.dead_letters (id, kind, name, payload, error, attempts, idempotency_key, first_failed_at, failed_at,
                                   status, error_fingerprint, search_text)
    SELECT id, 'email', 'purchase/email.send',
           json_build_object('purchaseId', pid, 'email', mail, 'amountCents', amount),
           json_build_object('name', 'Error', 'message', 'HTTP 50' || (i % 5) || ' from provider'), 3,
           'receipt:' || pid, ts - interval '5 minutes', ts,
           CASE WHEN i % 10 = 0 THEN 'resolved' ELSE 'open' END,
           'fp_bench' || (i % 5),
           lower(id || E'\\n' || 'receipt:' || pid || E'\\n' || pid || E'\\n' || mail || E'\\n' || amount)
    FROM generate_series(1, 1000000) AS i,
         LATERAL (SELECT 'dl_' || md5(i::text) AS id, 'pur_' || lpad(to_hex(hashint4(i) & 2147483647), 8, '0') || i AS pid,
                         'Customer' || i || '@Example.com' AS mail, 500 + i % 9000 AS amount,
                         timestamptz '2026-01-01' + (i / 3) * interval '2 seconds' AS ts) x`);
  await pool.query(`VACUUM ANALYZE ${s}.dead_letters`);
  const loadMs = Date.now() - t;
  const indexed = (
    await pool.query(
      `SELECT count(*)::integer AS n FROM pg_indexes WHERE schemaname = $1 AND indexname = 'dead_letters_search'`,
      [schema],
    )
  ).rows[0].n;
  if (indexed !== 1) throw new Error('no trigram index: is pg_trgm available on this server?');

  const store = postgresDeadLetterStore(sql, { schema });
  const picks = (n: number) => Array.from({ length: n }, (_, k) => 1 + ((k * 7_919 + 13) % 1_000_000));
  const pidOf = async (i: number) =>
    (
      await pool.query(
        `SELECT payload->>'purchaseId' AS p FROM ${s}.dead_letters WHERE id = 'dl_' || md5($1::text)`,
        [String(i)],
      )
    ).rows[0].p as string;
  const purchaseIds = await Promise.all(picks(100).map(pidOf));
  const kinds: Array<{ what: string; searches: string[] }> = [
    { what: 'purchase id (1 match)', searches: purchaseIds },
    { what: 'email, other case (1 match)', searches: picks(100).map((i) => `customer${i}@EXAMPLE.com`) },
    {
      what: 'email fragment (~11 matches)',
      searches: picks(100).map((i) => `customer${(i % 90_000) + 10_000}@`),
    },
    { what: 'common word (every row)', searches: picks(100).map(() => 'example.com') },
  ];
  const ours = (search: string) => store.list({ status: 'open', search, limit: 50 });
  const reference = (search: string) =>
    pool.query(
      `SELECT ${DEAD_LETTER_COLUMNS} FROM ${s}.dead_letters d WHERE status = 'open'
         AND (id ILIKE $1 OR idempotency_key ILIKE $1 OR payload::text ILIKE $1)
       ORDER BY d.failed_at DESC, d.id DESC LIMIT 51`,
      [`%${search}%`],
    );
  // Same answers first (the reference also matches keys, which these searches never contain).
  for (const { searches } of kinds) {
    const a = (await ours(searches[0]!)).items.map((e) => e.id).join();
    const b = (await reference(searches[0]!)).rows
      .slice(0, 50)
      .map((r) => r.id)
      .join();
    if (a !== b) throw new Error(`search "${searches[0]}": store and reference disagree`);
  }
  const rows: Row[] = [];
  for (const { what, searches } of kinds) {
    await timedEach(searches.slice(0, 3), ours);
    const a = await timedEach(searches, ours);
    const b = await timedEach(searches.slice(0, 5), reference);
    const ap = percentile(a, 0.95);
    const bp = percentile(b, 0.95);
    rows.push([
      `dead-letter list, status open + search by ${what}, 50 rows of 1,000,000 (load ${fmt(loadMs / 1000, 1)} s)`,
      `p95 ${fmt(ap)} ms (p50 ${fmt(percentile(a, 0.5))}, ${a.length} searches)`,
      `ILIKE on id/key/payload::text: p95 ${fmt(bp)} ms (p50 ${fmt(percentile(b, 0.5))}, ${b.length} searches)`,
      `${fmt(bp / ap, 0)}× faster`,
      ap <= 50 ? 'goal p95 ≤ 50 ms met' : 'goal p95 ≤ 50 ms MISSED',
    ]);
  }
  const counts = (search: string) => store.countByStatus({ search });
  const c = await timedEach(purchaseIds.slice(0, 50), counts);
  rows.push([
    'countByStatus for a purchase-id search (the dashboard totals), for context',
    `p95 ${fmt(percentile(c, 0.95))} ms (p50 ${fmt(percentile(c, 0.5))})`,
    '—',
    '—',
    '—',
  ]);
  return rows;
}
