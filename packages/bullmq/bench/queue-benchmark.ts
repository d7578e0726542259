/**
 * Lifeline on BullMQ vs bare BullMQ: end-to-end throughput (enqueue → run → complete, no-op jobs) on the
 * same Redis at concurrency 1, 8 and 32, measured in the same run in interleaved rounds (the order
 * rotates each round, so drift in the machine's load hits every side alike):
 *  - `lifeline`: `lifeline.send` → `bullmqQueue` → the runtime (in-memory idempotency store and log);
 *  - `lifeline+pg`: the same with the Postgres idempotency store a multi-process deployment shares
 *    (only when LIFELINE_TEST_DATABASE_URL is set; context, not the goal);
 *  - `bullmq`: bare BullMQ 6.7, `queue.add` and a Worker with a no-op processor.
 * Goal: `lifeline` ≥ 0.5× bare BullMQ at every concurrency.
 *
 * Env: LIFELINE_BENCH_REDIS_URL (default redis://127.0.0.1:6379), LIFELINE_TEST_DATABASE_URL (optional),
 * QUEUE_BENCH_ROUNDS (default 4), QUEUE_BENCH_SCALE (multiplies the jobs per run; default 1).
 * Run from packages/bullmq: `pnpm run bench`.
 */
import os from 'node:os';
import { migrate, pgPoolClient, postgresIdempotencyStore } from '@lifeline/postgres';
import IORedis from 'ioredis';
import pg from 'pg';
import { runBareBullmq } from './bare-bullmq';
import { runLifelineOnBullmq } from './lifeline-side';

const redisUrl = process.env.LIFELINE_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const databaseUrl = process.env.LIFELINE_TEST_DATABASE_URL;
const rounds = Number(process.env.QUEUE_BENCH_ROUNDS ?? 4);
const scale = Number(process.env.QUEUE_BENCH_SCALE ?? 1);
const CONCURRENCIES = [1, 8, 32] as const;
const JOBS: Record<(typeof CONCURRENCIES)[number], number> = { 1: 300, 8: 1_500, 32: 3_000 };
type Side = 'lifeline' | 'lifeline+pg' | 'bullmq';

const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
const prefix = `lifeline-bench-${crypto.randomUUID().slice(0, 8)}`;
const schema = `bbench_${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`;
const pool = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 40 }) : undefined;
const samples = new Map<string, number[]>();
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const fmt = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 0 });
const range = (values: number[]) => `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}`;
let runs = 0;

async function runSide(side: Side, c: (typeof CONCURRENCIES)[number]) {
  const total = Math.max(c, Math.round(JOBS[c] * scale));
  const tag = `${++runs}`;
  const ms =
    side === 'bullmq'
      ? await runBareBullmq({ connection, prefix, total, concurrency: c, tag })
      : await runLifelineOnBullmq({
          connection,
          prefix,
          total,
          concurrency: c,
          tag,
          ...(side === 'lifeline+pg'
            ? { idempotency: postgresIdempotencyStore(pgPoolClient(pool!), { schema }) }
            : {}),
        });
  const key = `${side}/${c}`;
  samples.set(key, [...(samples.get(key) ?? []), (total * 1000) / ms]);
}

try {
  await connection.ping();
  const info = await connection.info('server');
  const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
  if (pool) await migrate(pgPoolClient(pool), { schema });
  const sides: Side[] = pool ? ['lifeline', 'bullmq', 'lifeline+pg'] : ['lifeline', 'bullmq'];
  console.log(
    `bullmqQueue benchmark on Redis ${version}, Node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(
        ' ',
      )}; ${rounds} rounds (+1 warm-up), jobs per run ${CONCURRENCIES.map((c) => `${c}→${Math.round(JOBS[c] * scale)}`).join(', ')}` +
      (pool ? '' : '; lifeline+pg left out (LIFELINE_TEST_DATABASE_URL not set)'),
  );
  for (const c of CONCURRENCIES) for (const side of sides) await runSide(side, c);
  samples.clear();
  const benchStarted = Date.now();
  for (let round = 0; round < rounds; round++) {
    for (const c of CONCURRENCIES) {
      const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
      for (const side of order) await runSide(side, c);
    }
    console.log(
      `round ${round + 1}/${rounds} done (${((Date.now() - benchStarted) / 1000).toFixed(0)} s, load average ${os.loadavg()[0]!.toFixed(2)})`,
    );
  }
  console.log(
    `\n| concurrency | Lifeline on bullmqQueue | bare BullMQ 6.7 | ratio | goal ≥ 0.5× |${pool ? ' Lifeline on bullmqQueue + Postgres idempotency store (ratio) |' : ''}`,
  );
  console.log(`| --- | --- | --- | --- | --- |${pool ? ' --- |' : ''}`);
  for (const c of CONCURRENCIES) {
    const ours = samples.get(`lifeline/${c}`)!;
    const bare = samples.get(`bullmq/${c}`)!;
    const ratio = mean(ours) / mean(bare);
    const withPg = samples.get(`lifeline+pg/${c}`);
    console.log(
      `| ${c} | ${fmt(mean(ours))} ops/s (${range(ours)}) | ${fmt(mean(bare))} ops/s (${range(bare)}) | ${ratio.toFixed(2)}× | ${ratio >= 0.5 ? 'met' : 'MISSED'} |` +
        (withPg
          ? ` ${fmt(mean(withPg))} ops/s (${range(withPg)}) (${(mean(withPg) / mean(bare)).toFixed(2)}×) |`
          : ''),
    );
  }
} finally {
  let cursor = '0';
  do {
    const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
    cursor = next;
    if (keys.length > 0) await connection.del(...keys);
  } while (cursor !== '0');
  connection.disconnect();
  if (pool) {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
}
