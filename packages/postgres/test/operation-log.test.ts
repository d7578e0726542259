import { PGlite } from '@electric-sql/pglite';
import { type AttemptOutcome, type AttemptRecord, memoryOperationLog, OPERATION_KINDS } from '@lifeline/core';
import { seededRandom } from '@lifeline/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrate, pgliteClient, pgPoolClient, postgresOperationLog, type SqlClient } from '../src/index';
import { randomSchema, serverUrl } from './helpers/server';

const url = serverUrl();
const HOUR = 3_600_000;
const OUTCOMES: AttemptOutcome[] = [
  'succeeded',
  'succeeded',
  'succeeded',
  'retrying',
  'dead_lettered',
  'duplicate',
];

/** Random records over three and a half hours from an unaligned start, with times to success of 10 ms .. 100 s. */
function randomRecords(count: number, seed: number, base: number): AttemptRecord[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const at = base + Math.floor(random() * 3.5 * HOUR);
    const tts = 10 + Math.floor(random() ** 3 * 100_000);
    return {
      operation: 'op/random',
      kind: pick(OPERATION_KINDS),
      idempotencyKey: `key-${i}`,
      attempt: 1 + Math.floor(random() * 3),
      outcome: pick(OUTCOMES),
      at,
      durationMs: 5,
      enqueuedAt: at - tts,
    };
  });
}

/** Runs the checks against one backend: the same records in memory and in Postgres must agree. */
function differentialTests(
  name: string,
  open: () => Promise<{ sql: SqlClient; schema: string; close(): Promise<void> }>,
) {
  describe(`postgresOperationLog against memoryOperationLog, on ${name}`, () => {
    let backend: { sql: SqlClient; schema: string; close(): Promise<void> };
    const base = Date.UTC(2026, 2, 3, 10, 17, 23, 456);
    const records = randomRecords(1_200, 42, base);
    const memory = memoryOperationLog();
    const random = seededRandom(7);
    const windowAround = () => {
      const from = base - HOUR / 2 + Math.floor(random() * 4 * HOUR);
      return { from, to: from + Math.floor(random() * 4 * HOUR) };
    };

    beforeAll(async () => {
      backend = await open();
      const log = postgresOperationLog(backend.sql, { schema: backend.schema });
      for (const record of records) {
        await memory.append(record);
        await log.append(record);
      }
    }, 120_000);
    afterAll(() => backend?.close());

    test('the rollups the trigger maintained equal a fresh aggregation of the raw rows', async () => {
      const s = `"${backend.schema}"`;
      const TTS = `((extract(epoch FROM at) - extract(epoch FROM enqueued_at)) * 1000)::double precision`;
      const mismatches = async (query: string) => (await backend.sql.query<{ n: number }>(query)).rows[0]!.n;
      expect(
        await mismatches(`WITH fresh AS (
           SELECT g.grain, date_trunc(g.grain, at, 'UTC') AS bucket, kind, outcome, attempt > 1 AS retried, count(*) AS n,
             coalesce(sum(${TTS}) FILTER (WHERE outcome = 'succeeded'), 0) AS tts_sum_ms
           FROM ${s}.operation_log CROSS JOIN (VALUES ('minute'), ('hour')) g(grain) GROUP BY 1, 2, 3, 4, 5)
         SELECT count(*)::integer AS n FROM fresh FULL JOIN ${s}.operation_log_rollup r USING (grain, bucket, kind, outcome, retried)
         WHERE fresh.n IS DISTINCT FROM r.n OR fresh.tts_sum_ms IS DISTINCT FROM r.tts_sum_ms`),
      ).toBe(0);
      expect(
        await mismatches(`WITH fresh AS (
           SELECT date_trunc('hour', at, 'UTC') AS bucket, kind, ${s}.tts_bucket(${TTS}) AS tts_bucket, count(*) AS n
           FROM ${s}.operation_log WHERE outcome = 'succeeded' GROUP BY 1, 2, 3)
         SELECT count(*)::integer AS n FROM fresh FULL JOIN ${s}.operation_log_tts t USING (bucket, kind, tts_bucket)
         WHERE fresh.n IS DISTINCT FROM t.n`),
      ).toBe(0);
      expect(
        await mismatches(`SELECT count(*)::integer AS n FROM ${s}.operation_log_rollup`),
      ).toBeGreaterThan(0);
      expect(await mismatches(`SELECT count(*)::integer AS n FROM ${s}.operation_log_tts`)).toBeGreaterThan(
        0,
      );
    });

    test('summarize equals the in-memory log on 25 random windows (exact p95 below the limit)', async () => {
      const log = postgresOperationLog(backend.sql, { schema: backend.schema });
      const windows = [
        { from: base - HOUR, to: base + 5 * HOUR },
        ...Array.from({ length: 24 }, windowAround),
      ];
      for (const window of windows)
        expect(await log.summarize(window)).toEqual(await memory.summarize(window));
    });

    test('histogram equals the in-memory log for raw, minute and hour bucket sizes', async () => {
      const log = postgresOperationLog(backend.sql, { schema: backend.schema });
      for (const bucketMs of [7_000, 60_000, 300_000, HOUR, 2 * HOUR]) {
        for (let i = 0; i < 4; i++) {
          const window = windowAround();
          expect(await log.histogram(window, bucketMs)).toEqual(await memory.histogram(window, bucketMs));
        }
      }
    });

    test('above exactPercentileLimit the p95 is estimated from the buckets, within 5%; counts and mean stay exact', async () => {
      const estimating = postgresOperationLog(backend.sql, {
        schema: backend.schema,
        exactPercentileLimit: 0,
      });
      // Whole hours covering all the data: the hourly buckets hold exactly the window's successes.
      const window = { from: Math.floor(base / HOUR) * HOUR, to: Math.ceil((base + 4 * HOUR) / HOUR) * HOUR };
      const [estimate, exact] = await Promise.all([estimating.summarize(window), memory.summarize(window)]);
      for (const kind of OPERATION_KINDS) {
        const { p95TimeToSuccessMs: p95, ...counts } = estimate[kind];
        const { p95TimeToSuccessMs: exactP95, ...exactCounts } = exact[kind];
        expect(counts).toEqual(exactCounts);
        expect(Math.abs(p95! - exactP95!) / exactP95!).toBeLessThanOrEqual(0.05);
      }
    });

    test('whole hours are read from the rollups: raw rows deleted by hand no longer change them', async () => {
      const log = postgresOperationLog(backend.sql, { schema: backend.schema });
      const hourStart = Math.ceil(base / HOUR) * HOUR;
      const window = { from: hourStart, to: hourStart + HOUR };
      const before = await log.summarize(window);
      expect(before.email.finished + before.webhook.finished + before.job.finished).toBeGreaterThan(0);
      const raw = await backend.sql.query(
        `DELETE FROM "${backend.schema}".operation_log WHERE at >= to_timestamp($1::double precision / 1000) AND at < to_timestamp($2::double precision / 1000)`,
        [window.from, window.to],
      );
      expect(raw.rowCount).toBeGreaterThan(0);
      // Only the raw-row p95 query sees the deletion; every count comes from the hour rollup.
      const after = await log.summarize(window);
      for (const kind of OPERATION_KINDS)
        expect({ ...after[kind], p95TimeToSuccessMs: 0 }).toEqual({ ...before[kind], p95TimeToSuccessMs: 0 });
    });
  });
}

describe('operation log on PGlite and on the server', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(() => db?.close());

  differentialTests('PGlite', async () => {
    const sql = pgliteClient(db);
    const schema = randomSchema();
    await migrate(sql, { schema });
    return { sql, schema, close: async () => {} };
  });
});

describe.skipIf(!url)('operation log on the PostgreSQL server', () => {
  differentialTests('the PostgreSQL server', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    const sql = pgPoolClient(pool);
    const schema = randomSchema();
    await migrate(sql, { schema });
    return {
      sql,
      schema,
      async close() {
        await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
        await pool.end();
      },
    };
  });
});
