import {
  type Alert,
  type Alerter,
  type AttemptRecord,
  createLifeline,
  type DeadLetterStore,
  type Lifeline,
  type Logger,
  type NewDeadLetter,
} from '@lifeline/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  migrate,
  pgListener,
  pgPoolClient,
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOperationLog,
  postgresQueue,
  type SqlClient,
} from '../src/index';
import { outageWorld } from './fixtures/outage-world';
import {
  startThrowawayCluster,
  type ThrowawayCluster,
  throwawayClusterUnavailable,
} from './helpers/throwaway-cluster';

const unavailable = throwawayClusterUnavailable();
const TOTAL = 1_000;
const OUTAGE_MS = 5_000; // plus pg_ctl stop and start: the server is down for longer
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A logger that keeps what it was told, so a failure can show it, and the latest number of dead letters
 * the runtime said it holds in memory (the `held` field it logs with every write it has to hold).
 */
function keepingLogger() {
  const lines: string[] = [];
  const state = { lastHeld: 0 };
  const keep = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    if (typeof fields?.held === 'number' && fields.deadLetter) state.lastHeld = fields.held;
    lines.push(`${level} ${message} ${fields ? JSON.stringify(fields).slice(0, 300) : ''}`);
  };
  const logger: Logger = { debug: () => {}, info: keep('info'), warn: keep('warn'), error: keep('error') };
  return { logger, lines, state };
}

describe.skipIf(unavailable)(
  'database outage: postgresQueue + postgres stores, the cluster stopped for 5 s mid-run, then started',
  () => {
    let cluster: ThrowawayCluster;
    let pool: pg.Pool;
    let sql: SqlClient;
    let lifeline: Lifeline | undefined;
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => void uncaught.push(error);

    beforeAll(async () => {
      process.on('uncaughtException', onUncaught);
      process.on('unhandledRejection', onUncaught);
      cluster = await startThrowawayCluster();
      pool = new pg.Pool({ connectionString: cluster.url, max: 16 });
      pool.on('error', () => {}); // idle connections die with the server: expected here, never a crash
      sql = pgPoolClient(pool);
      await migrate(sql);
    });
    afterAll(async () => {
      await lifeline?.close({ timeoutMs: 1_000 }).catch(() => {});
      await pool?.end().catch(() => {});
      await cluster?.destroy();
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    });

    test('the process survives, no attempt is spent on the outage, nothing is lost, every dead letter reaches the store', async () => {
      const world = outageWorld();
      // What the "held in memory" alert must match, counted when it is sent: the dead letters the runtime
      // holds (as it logs each write it holds). `heldOrPending` adds those decided but not yet tried (last
      // attempts that threw, minus what the store took), for the report.
      const deadLetters = postgresDeadLetterStore(sql);
      let written = 0;
      const countingDeadLetters: DeadLetterStore = Object.assign(Object.create(null), deadLetters, {
        async record(entry: NewDeadLetter) {
          const saved = await deadLetters.record(entry);
          written++;
          return saved;
        },
      });
      const alerts: Array<Alert & { heldWhenSent: number; heldOrPending: number }> = [];
      const alerter: Alerter = {
        async alert(alert) {
          alerts.push({
            ...structuredClone(alert),
            heldWhenSent: state.lastHeld,
            heldOrPending: world.lastAttemptsFailed() - written,
          });
        },
      };
      const { logger, lines, state } = keepingLogger();
      const finals = new Map<string, AttemptRecord>();
      lifeline = createLifeline({
        operations: [world.ok, world.fail],
        // The durable queue on the same database: its LISTEN connection and its claims die with the server too.
        queue: postgresQueue({
          sql,
          concurrency: 32,
          // During an outage the queue looks again with backoff (pollMs × 2^failures, at most 2 s), and at
          // once when the listener reconnects (every 500 ms here) or any statement succeeds.
          pollMs: 100,
          listen: pgListener(pool, { retryMs: 500 }),
        }),
        deadLetters: countingDeadLetters,
        idempotency: postgresIdempotencyStore(sql),
        log: postgresOperationLog(sql),
        alerter,
        logger,
        hooks: {
          onAttempt: (record) => {
            if (record.outcome !== 'retrying') finals.set(record.idempotencyKey, record);
          },
        },
      });

      const okJobs = Array.from({ length: TOTAL }, (_, job) => job).filter(
        (job) => !world.failsOnPurpose(job),
      );
      const failJobs = Array.from({ length: TOTAL }, (_, job) => job).filter(world.failsOnPurpose);
      // The work failing on purpose first; once its slow last attempts run, the rest: then the database
      // stops with ~1,000 jobs in flight, some of them failing during the outage (dead letters held in memory).
      await Promise.all(failJobs.map((job) => lifeline!.send(world.fail, { job })));
      await vi.waitFor(() => expect(world.lastAttemptsRunning()).toBeGreaterThanOrEqual(20), {
        timeout: 30_000,
        interval: 5,
      });
      const sendingAt = Date.now();
      for (const jobs of [okJobs.slice(0, 450), okJobs.slice(450)])
        await Promise.all(jobs.map((job) => lifeline!.send(world.ok, { job })));
      const sendMs = Date.now() - sendingAt;
      const failingAtStop = world.lastAttemptsRunning();
      const stoppedAt = Date.now();
      const finalsAtStop = finals.size;
      await cluster.stop('fast');
      await sleep(OUTAGE_MS);
      await cluster.start();
      const outageMs = Date.now() - stoppedAt;
      const restartedAt = Date.now();
      const finalsAtRestart = finals.size;

      const context = () =>
        `outage ${outageMs} ms, ${finalsAtRestart} final at restart, ${finals.size} final now; log:\n${lines.slice(-20).join('\n')}`;
      try {
        await vi.waitFor(() => expect(finals.size).toBe(TOTAL), { timeout: 40_000, interval: 50 });
      } catch (error) {
        const missing = Array.from({ length: TOTAL }, (_, job) => job)
          .map((job) => `${world.failsOnPurpose(job) ? 'fail' : 'ok'}:${job}`)
          .filter((key) => !finals.has(key));
        const { rows } = await sql.query(
          'SELECT key, status, lease_expires_at FROM lifeline.idempotency_keys WHERE key = ANY($1)',
          [missing],
        );
        const calls = missing.map(
          (key) =>
            `${key} ran ${world.calls
              .filter((c) => `${world.failsOnPurpose(c.job) ? 'fail' : 'ok'}:${c.job}` === key)
              .map((c) => c.attempt)
              .join()}`,
        );
        throw new Error(`${context()}\nnot final: ${calls.join('; ')}\nkeys: ${JSON.stringify(rows)}`, {
          cause: error,
        });
      }
      const allFinalMs = Date.now() - stoppedAt - outageMs;
      const after = world.calls.filter((call) => call.at >= restartedAt).map((call) => call.at - restartedAt);
      const runsAfter = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000].map(
        (ms) => `${after.filter((t) => t < ms).length} by ${ms / 1000} s`,
      );
      const heldAtMost = Math.max(0, ...alerts.map((alert) => Number(alert.fields?.heldDeadLetters ?? 0)));
      // Dead letters held in memory reach the store by themselves (no drain, no new dead letter needed).
      const storedDeadLetters = async () =>
        (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM lifeline.dead_letters')).rows[0]!.n;
      await vi.waitFor(async () => expect(await storedDeadLetters()).toBe(failJobs.length), {
        timeout: 15_000,
        interval: 100,
      });
      const writtenBackMs = Date.now() - stoppedAt - outageMs;
      const report = await lifeline.drain();
      expect(report.pending).toEqual([]);
      const { rows: jobsLeft } = await sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM lifeline.jobs',
      );
      expect(jobsLeft[0]!.n, 'every job row settled').toBe(0);
      console.log(
        `[outage] ${TOTAL} jobs (${okJobs.length} sent in ${sendMs} ms); database down ${outageMs} ms with ${TOTAL - finalsAtStop} not final, ${failingAtStop} in a last attempt that fails; all final ${allFinalMs} ms and every dead letter stored ${writtenBackMs} ms after the restart; at most ${heldAtMost} dead letters held in memory; ${lines.length} log lines; runs after the restart: ${runsAfter.join(', ')} (of ${after.length})`,
      );
      expect(outageMs, context()).toBeGreaterThanOrEqual(5_000);
      // Recovery follows the database: work resumes within 2 s of the restart (claim backoff capped at
      // 2 s, reset by the listener's reconnect; rows waiting out an outage backoff made due at once).
      // Before, nothing ran for the first 4 s.
      expect(after.filter((t) => t < 2_000).length, runsAfter.join(', ')).toBeGreaterThan(0);
      // Not yet: most of the work resumes 4–8 s after the restart (see the postgres README's known gaps).
      expect(uncaught, context()).toEqual([]);

      // No attempt spent on the outage: work meant to succeed first time ran once, as attempt 1; work
      // failing on purpose ran exactly its policy's attempts.
      const callsOf = (job: number) =>
        world.calls.filter((call) => call.job === job).map((call) => call.attempt);
      const okNotOnce = okJobs.filter((job) => callsOf(job).join() !== '1');
      const failWrong = failJobs.filter((job) => callsOf(job).join() !== '1,2');
      expect(
        okNotOnce.map((job) => `${job}: ${callsOf(job).join()}`),
        context(),
      ).toEqual([]);
      expect(
        failWrong.map((job) => `${job}: ${callsOf(job).join()}`),
        context(),
      ).toEqual([]);

      // Nothing lost: every job reached its final outcome, as the runtime reported it.
      const outcomes = [...finals.values()].map(
        (record) => `${record.operation} ${record.outcome} ${record.attempt}`,
      );
      expect(outcomes.filter((o) => o === 'outage/ok succeeded 1').length, context()).toBe(okJobs.length);
      expect(outcomes.filter((o) => o === 'outage/fail dead_lettered 2').length, context()).toBe(
        failJobs.length,
      );

      // Every dead letter reached the store after recovery, with its own error and attempt count.
      const { rows: dead } = await sql.query<{ name: string; attempts: number; message: string }>(
        `SELECT name, attempts, error->>'message' AS message FROM lifeline.dead_letters`,
      );
      expect(dead.length, context()).toBe(failJobs.length);
      expect(dead.filter((row) => row.name !== 'outage/fail' || row.attempts !== 2)).toEqual([]);
      expect(dead.filter((row) => !row.message.startsWith('intentional failure'))).toEqual([]);

      // The critical alert carried the true number held in memory, and a notice followed the write-back.
      const held = alerts.filter((alert) => alert.fields?.heldDeadLetters !== undefined);
      console.log(
        `[outage] alerts: ${alerts.map((a) => `${a.severity} "${a.title}" (held when sent: ${a.heldWhenSent}, decided and not stored: ${a.heldOrPending})`).join('; ')}`,
      );
      expect(held.length, context()).toBeGreaterThan(0);
      expect(held[0]!.severity).toBe('critical');
      for (const alert of held) expect(alert.fields?.heldDeadLetters).toBe(alert.heldWhenSent);
      expect(held[0]!.fields?.heldDeadLetters).toBeGreaterThanOrEqual(10); // the true count, not "1 held"
      const recovered = alerts.findIndex((alert) => /recovered/.test(alert.title));
      expect(recovered, 'a recovery notice after the held alert').toBeGreaterThan(alerts.indexOf(held[0]!));

      // The operation log, as stored: exactly one row per attempt outcome. Rows of attempts that ended
      // while the database was down were held in memory and written back after the restart, so health
      // counts every attempt (none lost, none spent on the outage).
      const logRows = async () =>
        (
          await sql.query<{ operation: string; outcome: string; attempt: number; n: number }>(
            `SELECT operation, outcome, attempt, count(*)::int AS n FROM lifeline.operation_log
           GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
          )
        ).rows;
      const expected = [
        { operation: 'outage/fail', outcome: 'dead_lettered', attempt: 2, n: failJobs.length },
        { operation: 'outage/fail', outcome: 'retrying', attempt: 1, n: failJobs.length },
        { operation: 'outage/ok', outcome: 'succeeded', attempt: 1, n: okJobs.length },
      ];
      expect(await logRows(), context()).toEqual(expected);
      expect(report.unsavedLogRows, 'drain reports no operation-log row left out').toBeUndefined();
      const health = await lifeline.health({ windowMs: 3_600_000 });
      expect(health.kinds.job).toMatchObject({
        finished: TOTAL,
        succeeded: okJobs.length,
        deadLettered: failJobs.length,
        retried: failJobs.length,
      });
      const heldRows = lines.filter((line) => line.includes('operation log failed; holding rows')).length;
      console.log(
        `[outage] health after recovery: ${JSON.stringify(health.kinds.job)}; log-hold warnings ${heldRows}`,
      );
    }, 90_000);
  },
);
