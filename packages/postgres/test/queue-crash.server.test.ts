import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLifeline, seededRandom, silentLogger } from '@lifeline/core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { postgresQueue, type SqlClient } from '../src/index';
import {
  ATTEMPTS,
  behaviourOf,
  PER_TRANSACTION,
  receiptKey,
  receiptOperation,
  rolledBack,
} from './fixtures/queue-crash-world';
import { type Backend, pgBackend } from './helpers/backends';
import { bundleScript } from './helpers/bundle-script';
import { type KeyBehaviour, providerStandIn } from './helpers/provider-stand-in';
import { serverUrl } from './helpers/server';

const url = serverUrl();
/** Purchases attempted; those where `rolledBack(i)` roll back, leaving exactly 2,000 committed. */
const PURCHASES = 2_100;
const COMMITTED = 2_000;
const WORKERS = 2;
const CONCURRENCY = 8;
const LEASE_MS = 2_000;
const KILLS = 6;
/**
 * The test's time limit. It took 96–110 s on a 2-core machine at load average 20–25 (the queue then runs
 * ~15 jobs/s per worker) and far less on a quiet one; LIFELINE_CRASH_TIMEOUT_MS overrides it.
 */
const TIMEOUT_MS = Number(process.env.LIFELINE_CRASH_TIMEOUT_MS ?? 150_000);
const SEED = Number(process.env.LIFELINE_CRASH_SEED ?? Date.now() % 1_000_000);
const EXPECTED_REQUESTS: Record<KeyBehaviour, number> = {
  ok: 1,
  'flaky-once': 2,
  rejected: 1,
  down: ATTEMPTS,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const count = async (sql: SqlClient, query: string) => (await sql.query<{ n: number }>(query)).rows[0]!.n;

describe.skipIf(!url)('crash: postgresQueue workers killed with SIGKILL mid-run', () => {
  let backend: Backend;
  let provider: Awaited<ReturnType<typeof providerStandIn>>;
  let workerScript: string;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    backend = await pgBackend(url!, 6);
    await backend.sql.query(`CREATE TABLE "${backend.schema}".purchases (id text PRIMARY KEY)`);
    provider = await providerStandIn(behaviourOf);
    workerScript = await bundleScript(new URL('./fixtures/queue-crash-worker.ts', import.meta.url));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await provider?.close();
    await backend?.close();
  });

  /** Starts a worker process; resolves once it says it is running. */
  async function startWorker(): Promise<ChildProcess> {
    // The worker script is bundled from the sources in beforeAll, so the child runs the code under test.
    const child = spawn(process.execPath, [workerScript], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: {
        ...process.env,
        CRASH_URL: url,
        CRASH_SCHEMA: backend.schema,
        CRASH_PROVIDER_URL: provider.url,
        CRASH_CONCURRENCY: String(CONCURRENCY),
        CRASH_LEASE_MS: String(LEASE_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let output = '';
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
      child.on('exit', (code, signal) =>
        reject(new Error(`worker exited before it was ready (${code ?? signal}): ${output}`)),
      );
    });
    child.on('exit', () => children.delete(child));
    return child;
  }

  async function kill(child: ChildProcess): Promise<void> {
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
  }

  test(
    `${COMMITTED} committed jobs, ${KILLS} SIGKILLs: every effect once or dead-lettered with an alert`,
    async () => {
      const { sql, schema } = backend;
      const s = `"${schema}"`;
      const random = seededRandom(SEED);
      const started = Date.now();
      const remaining = () => count(sql, `SELECT count(*)::integer AS n FROM ${s}.jobs`);
      const say = (what: string) =>
        process.stderr.write(`[queue crash ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}\n`);

      // The app: purchases and their receipt jobs committed in one transaction (a producer-only queue).
      const queue = postgresQueue({ sql, schema, consume: false });
      const operation = receiptOperation(provider.url);
      createLifeline({ operations: [operation], queue, logger: silentLogger() });
      let next = 0;
      const produce = async () => {
        while (next < PURCHASES) {
          const first = next;
          next += PER_TRANSACTION;
          await sql
            .transaction(async (tx) => {
              for (let i = first; i < first + PER_TRANSACTION; i++) {
                await tx.query(`INSERT INTO ${s}.purchases (id) VALUES ($1)`, [`p_${i}`]);
                await queue.enqueueIn(tx, operation, { purchaseId: `p_${i}` });
              }
              if (rolledBack(first)) throw new Error('rolled back on purpose');
            })
            .catch((error: Error) => {
              if (!rolledBack(first)) throw error;
            });
        }
      };
      const producing = Promise.all(Array.from({ length: 4 }, produce));

      // The workers: WORKERS processes on one server; one of them, at random, SIGKILLed and restarted.
      const workers = await Promise.all(Array.from({ length: WORKERS }, startWorker));
      say(`${WORKERS} workers ready, ${next} purchases made`);
      const leftAtKill: number[] = [];
      // Kills are spread over the first 60% of the run by progress (keys the provider has seen), one at a
      // random point in each sixth of it, so they fall mid-run on a fast machine and a slow one alike, and
      // the keys the last one leaves in progress are waited for while the rest of the work runs.
      const seen = () => provider.keys.size;
      for (let k = 0; k < KILLS; k++) {
        const target = Math.floor((COMMITTED * 0.6 * (k + 0.25 + random() * 0.5)) / KILLS);
        while (seen() < target) await sleep(20);
        const victim = Math.floor(random() * WORKERS);
        leftAtKill.push(await remaining());
        await kill(workers[victim]!);
        say(
          `SIGKILL ${k + 1} → worker ${victim} with ${leftAtKill.at(-1)} jobs left, ${seen()} keys seen, ${next} purchases made`,
        );
        workers[victim] = await startWorker();
      }
      await producing;
      // Every kill fell mid-run: work was left each time.
      expect(
        leftAtKill.every((n) => n > 0),
        `jobs left at each kill: ${leftAtKill}`,
      ).toBe(true);
      expect(await count(sql, `SELECT count(*)::integer AS n FROM ${s}.purchases`)).toBe(COMMITTED);

      // Then the workers run until every job is finished and the table is empty.
      say('all purchases made');
      await vi.waitFor(
        async () => {
          const left = await remaining();
          if (left > 0 && Date.now() % 3_000 < 250) say(`${left} jobs left`);
          expect(left).toBe(0);
        },
        { timeout: TIMEOUT_MS - 15_000, interval: 250 },
      );
      await Promise.all(
        workers.map(
          (child) =>
            new Promise<void>((resolve) => {
              child.on('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );

      const { rows: deadLetters } = await sql.query<{ id: string; idempotency_key: string; status: string }>(
        `SELECT id::text AS id, idempotency_key, status FROM ${s}.dead_letters`,
      );
      const deadByKey = new Map<string, string[]>();
      for (const row of deadLetters)
        deadByKey.set(row.idempotency_key, [...(deadByKey.get(row.idempotency_key) ?? []), row.id]);
      const alertsByKey = new Map<string, number>();
      for (const alert of provider.alerts) {
        const key = String(alert.fields?.idempotencyKey);
        alertsByKey.set(key, (alertsByKey.get(key) ?? 0) + 1);
      }

      const lost: string[] = [];
      const doubled: string[] = [];
      const wrong: string[] = [];
      let rawRequests = 0;
      let effects = 0;
      let extraRequests = 0;
      let answeredTwice = 0;
      for (let i = 0; i < PURCHASES; i++) {
        const key = receiptKey(i);
        const record = provider.keys.get(key);
        const dead = deadByKey.get(key) ?? [];
        if (rolledBack(i)) {
          if (record || dead.length > 0) wrong.push(`${key} was rolled back but ran`);
          continue;
        }
        const behaviour = behaviourOf(key);
        rawRequests += record?.requests ?? 0;
        effects += record?.effects ?? 0;
        extraRequests += Math.max(0, (record?.requests ?? 0) - EXPECTED_REQUESTS[behaviour]);
        if ((record?.accepted ?? 0) > 1) answeredTwice++;
        if ((record?.overlapping ?? 0) > 0 || (record?.effects ?? 0) > 1) doubled.push(key);
        const succeeded = record?.effects === 1;
        if (!succeeded && dead.length === 0) lost.push(key);
        if (behaviour === 'ok' || behaviour === 'flaky-once') {
          if (!succeeded || dead.length > 0)
            wrong.push(`${key} (${behaviour}): effects ${record?.effects}, dead letters ${dead.length}`);
        } else if (succeeded || dead.length !== 1 || !alertsByKey.get(key)) {
          wrong.push(
            `${key} (${behaviour}): effects ${record?.effects}, dead letters ${dead.length}, alerts ${alertsByKey.get(key) ?? 0}`,
          );
        }
      }
      const expectedDead = [...Array(PURCHASES).keys()].filter(
        (i) => !rolledBack(i) && ['rejected', 'down'].includes(behaviourOf(receiptKey(i))),
      ).length;
      const duplicateAlerts = [...alertsByKey.values()].reduce((n, a) => n + a - 1, 0);
      console.info(
        `queue crash test (seed ${SEED}): ${COMMITTED} committed jobs, ${WORKERS} workers × ${CONCURRENCY}, ${KILLS} SIGKILLs ` +
          `(jobs left at each: ${leftAtKill.join(', ')}), ${((Date.now() - started) / 1000).toFixed(1)} s. ` +
          `Provider: ${rawRequests} raw requests → ${effects} effects (${extraRequests} requests beyond the expected, re-sent ` +
          `after a kill and absorbed by the Idempotency-Key; ${answeredTwice} keys answered 2xx twice). ` +
          `Dead letters: ${deadLetters.length} (expected ${expectedDead}), alerts ${provider.alerts.length} (${duplicateAlerts} repeated). ` +
          `Lost ${lost.length}, doubled ${doubled.length}.`,
      );
      expect(lost).toEqual([]);
      expect(doubled).toEqual([]);
      expect(wrong).toEqual([]);
      expect(deadLetters.length).toBe(expectedDead);
      expect(deadLetters.every((row) => row.status === 'open')).toBe(true);
      // Only attempts in flight when a worker died can run again: at most its concurrency per kill.
      expect(extraRequests).toBeLessThanOrEqual(KILLS * CONCURRENCY);
    },
    TIMEOUT_MS,
  );
});
