/**
 * End-to-end durable queue throughput on a PostgreSQL server (enqueue → run → complete, no-op
 * operations) at concurrency 1, 8 and 32, three sides measured in the same run, in interleaved rounds
 * (the order rotates each round, so drift in the machine's load hits every side alike):
 *  - `postgresQueue` wired as a user would (Postgres idempotency store, operation log, dead letters);
 *  - the floor: a bare SKIP LOCKED queue (INSERT, claim UPDATE … SKIP LOCKED, DELETE), bench/bare-queue.ts;
 *  - BullMQ 6.7 on the local Redis, for context only.
 * Goals: postgresQueue ≥ 0.6× the floor and rising with concurrency; ≤ 4 round trips per operation.
 * Round trips and commits are counted at the SqlClient boundary (bench/counting-sql-client.ts).
 *
 * Env: LIFELINE_TEST_DATABASE_URL (required), LIFELINE_BENCH_REDIS_URL (default redis://127.0.0.1:6379;
 * BullMQ is left out, saying so, when Redis does not answer), QUEUE_BENCH_ROUNDS (default 4),
 * QUEUE_BENCH_SCALE (multiplies the jobs per run; default 1), QUEUE_BENCH_POOL (pg pool size; default 40). Started by bench/run.ts.
 */
import os from 'node:os';
import pg from 'pg';
import { migrate, pgPoolClient } from '../src/index';
import { createBareQueueTable, runBareQueue } from './bare-queue';
import { bullmqReference } from './bullmq-reference';
import { countingSqlClient, type SqlCounts } from './counting-sql-client';
import { runLifelineQueue } from './lifeline-queue-side';

const url = process.env.LIFELINE_TEST_DATABASE_URL;
if (!url) {
  console.error(
    'LIFELINE_TEST_DATABASE_URL is not set: point it at a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/test',
  );
  process.exit(1);
}
const redisUrl = process.env.LIFELINE_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const rounds = Number(process.env.QUEUE_BENCH_ROUNDS ?? 4);
const scale = Number(process.env.QUEUE_BENCH_SCALE ?? 1);
const CONCURRENCIES = [1, 8, 32] as const;
/** Jobs per measured run: about a second or two of work for each side on a 2-core machine. */
const JOBS: Record<(typeof CONCURRENCIES)[number], number> = { 1: 300, 8: 1_200, 32: 2_000 };

type Side = 'postgresQueue' | 'bare' | 'bullmq';
interface Sample {
  opsPerSec: number;
  roundTrips?: number;
  commits?: number;
  extra?: number;
}

const schema = `qbench_${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`;
// Producers and workers of a side share one pool (the server's max_connections is shared with other work).
const poolSize = Number(process.env.QUEUE_BENCH_POOL ?? 40);
const pool = new pg.Pool({ connectionString: url, max: poolSize });
const sql = pgPoolClient(pool);
const benchStarted = Date.now();
const samples = new Map<string, Sample[]>();
const profile = new Map<number, Map<string, { n: number; ms: number }>>();
const add = (side: Side, c: number, sample: Sample) => {
  const key = `${side}/${c}`;
  samples.set(key, [...(samples.get(key) ?? []), sample]);
};
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function runSide(side: Side, c: (typeof CONCURRENCIES)[number], round: number, bull?: Bull) {
  const total = Math.max(c, Math.round(JOBS[c] * scale));
  if (side === 'postgresQueue') {
    const counting = countingSqlClient(sql);
    const { ms, counts } = await runLifelineQueue({
      pool,
      sql: counting,
      schema,
      total,
      concurrency: c,
      tag: `${round}-${c}`,
    });
    add(side, c, perOp(total, ms, counts));
    const seen = profile.get(c) ?? new Map<string, { n: number; ms: number }>();
    for (const [statement, { n, ms: took }] of counts.byStatement) {
      const before = seen.get(statement) ?? { n: 0, ms: 0 };
      seen.set(statement, { n: before.n + n / total, ms: before.ms + took / n });
    }
    profile.set(c, seen);
  } else if (side === 'bare') {
    const counting = countingSqlClient(sql);
    const started = performance.now();
    const { emptyClaims } = await runBareQueue(counting, schema, total, c);
    add(side, c, {
      ...perOp(total, performance.now() - started, counting.counts()),
      extra: emptyClaims / total,
    });
  } else if (bull) {
    const ms = await bull.run(total, c);
    add(side, c, { opsPerSec: (total * 1000) / ms });
  }
}

const perOp = (total: number, ms: number, counts: SqlCounts): Sample => ({
  opsPerSec: (total * 1000) / ms,
  roundTrips: counts.roundTrips / total,
  commits: counts.commits / total,
});

type Bull = Awaited<ReturnType<typeof bullmqReference>>;

try {
  const version = (await pool.query('SHOW server_version')).rows[0].server_version;
  const sync = (await pool.query('SHOW synchronous_commit')).rows[0].synchronous_commit;
  await migrate(sql, { schema });
  await createBareQueueTable(sql, schema);
  let bull: Bull | undefined;
  try {
    bull = await bullmqReference(redisUrl);
  } catch (error) {
    console.log(`BullMQ left out: Redis at ${redisUrl} did not answer (${String(error)})`);
  }
  const sides: Side[] = bull ? ['postgresQueue', 'bare', 'bullmq'] : ['postgresQueue', 'bare'];
  console.log(
    `postgresQueue benchmark on PostgreSQL ${version} (synchronous_commit=${sync}, schema ${schema}), Node ${process.version}, ` +
      `pool ${poolSize}, ${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}; ` +
      `${rounds} rounds (+1 warm-up), jobs per run ${CONCURRENCIES.map((c) => `${c}→${Math.round(JOBS[c] * scale)}`).join(', ')}\n`,
  );
  // Warm-up round (not recorded): JIT, connections, caches.
  for (const c of CONCURRENCIES) for (const side of sides) await runSide(side, c, -1, bull);
  samples.clear();
  profile.clear();
  for (let round = 0; round < rounds; round++) {
    for (const c of CONCURRENCIES) {
      const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
      for (const side of order) await runSide(side, c, round, bull);
    }
    process.stdout.write(
      `round ${round + 1}/${rounds} done (${((Date.now() - benchStarted) / 1000).toFixed(0)} s, load average ${os.loadavg()[0]!.toFixed(2)})\n`,
    );
  }
  await bull?.close();

  console.log(
    '\n| concurrency | postgresQueue | bare SKIP LOCKED queue | ratio | round trips / op (postgresQueue · bare) | commits / op (postgresQueue · bare) | BullMQ 6.7 (Redis) | goals |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  let previousRatio = 0;
  for (const c of CONCURRENCIES) {
    const ours = samples.get(`postgresQueue/${c}`)!;
    const bare = samples.get(`bare/${c}`)!;
    const bullmq = samples.get(`bullmq/${c}`);
    const a = mean(ours.map((s) => s.opsPerSec));
    const b = mean(bare.map((s) => s.opsPerSec));
    const ratio = a / b;
    const rt = mean(ours.map((s) => s.roundTrips!));
    const rising = ratio >= previousRatio;
    previousRatio = ratio;
    const goals = [
      ratio >= 0.6 ? '≥ 0.6× met' : '≥ 0.6× MISSED',
      rt <= 4 ? '≤ 4 round trips met' : '≤ 4 round trips MISSED',
      ...(c === 1 ? [] : [rising ? 'ratio rising' : 'ratio NOT rising']),
    ];
    const range = (values: number[]) => `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}`;
    console.log(
      `| ${c} | ${fmt(a)} ops/s (${range(ours.map((s) => s.opsPerSec))}) | ${fmt(b)} ops/s (${range(bare.map((s) => s.opsPerSec))}) | ${ratio.toFixed(2)}× | ` +
        `${rt.toFixed(2)} · ${mean(bare.map((s) => s.roundTrips!)).toFixed(2)} (${mean(bare.map((s) => s.extra!)).toFixed(2)} empty claims) | ` +
        `${mean(ours.map((s) => s.commits!)).toFixed(2)} · ${mean(bare.map((s) => s.commits!)).toFixed(2)} | ` +
        `${bullmq ? `${fmt(mean(bullmq.map((s) => s.opsPerSec)))} ops/s` : 'not run'} | ${goals.join('; ')} |`,
    );
  }
  for (const c of CONCURRENCIES) {
    console.log(
      `\npostgresQueue statements per operation at concurrency ${c}, and the mean ms each took (over ${rounds} rounds):`,
    );
    const rows = [...(profile.get(c) ?? new Map<string, { n: number; ms: number }>())].sort(
      (x, y) => y[1].n - x[1].n,
    );
    for (const [statement, { n, ms }] of rows)
      console.log(`  ${(n / rounds).toFixed(3)} × ${(ms / rounds).toFixed(1).padStart(6)} ms  ${statement}`);
  }
} finally {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
}
