import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLifeline, silentLogger } from '@lifeline/core';
import { migrate, pgPoolClient } from '@lifeline/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { bullmqQueue } from '../src/index';
import { behaviourOf, receiptKey, receiptOperation } from './fixtures/crash-world';
import { bundleScript } from './helpers/bundle-script';
import { providerStandIn } from './helpers/provider-stand-in';
import { redisUrl, testRedis } from './helpers/redis';

const databaseUrl = process.env.LIFELINE_TEST_DATABASE_URL;
if (!databaseUrl)
  throw new Error(
    'LIFELINE_TEST_DATABASE_URL is not set: the bullmq crash test shares a Postgres idempotency store between ' +
      'worker processes. Set it, e.g. postgres://postgres@127.0.0.1:5432/test.',
  );
const PURCHASES = 600;
const WORKERS = 2;
const CONCURRENCY = 8;
const KILLS = 3;
const TIMEOUT_MS = Number(process.env.LIFELINE_CRASH_TIMEOUT_MS ?? 150_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('crash: bullmqQueue worker processes SIGKILLed mid-job', () => {
  const redis = testRedis();
  const prefix = redis.prefix();
  const schema = `lt_bullmq_${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const sql = pgPoolClient(pool);
  let provider: Awaited<ReturnType<typeof providerStandIn>>;
  let workerScript: string;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    await redis.connect();
    await migrate(sql, { schema });
    provider = await providerStandIn(behaviourOf);
    workerScript = await bundleScript(new URL('./fixtures/crash-worker.ts', import.meta.url));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await provider?.close();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
    await redis.cleanUp();
  });

  async function startWorker(): Promise<ChildProcess> {
    // Bundled from the sources in beforeAll, so the child runs the code under test.
    const child = spawn(process.execPath, [workerScript], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: {
        ...process.env,
        CRASH_REDIS_URL: redisUrl,
        CRASH_PREFIX: prefix,
        CRASH_DATABASE_URL: databaseUrl,
        CRASH_SCHEMA: schema,
        CRASH_PROVIDER_URL: provider.url,
        CRASH_CONCURRENCY: String(CONCURRENCY),
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

  async function kill(child: ChildProcess) {
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
  }

  test(
    `${PURCHASES} receipts, ${WORKERS} worker processes, ${KILLS} SIGKILLs mid-job: every effect once, or a dead letter with an alert`,
    async () => {
      const started = Date.now();
      const say = (what: string) =>
        process.stderr.write(`[bullmq crash ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}\n`);
      // The app in this process only produces: its queue starts no BullMQ worker.
      const producerQueue = bullmqQueue({
        connection: redis.connection,
        prefix,
        name: 'crash',
        consume: false,
      });
      const app = createLifeline({
        operations: [receiptOperation(provider.url)],
        queue: producerQueue,
        logger: silentLogger(),
      });
      const workers = await Promise.all(Array.from({ length: WORKERS }, startWorker));
      const operation = receiptOperation(provider.url);
      for (let i = 0; i < PURCHASES; i++) await app.send(operation, { purchaseId: `p_${i}` });
      say(`${PURCHASES} receipts sent, ${WORKERS} workers running`);

      // Kill a worker while it is mid-job: wait until a request of some key is in flight at the provider.
      const leftAtKill: number[] = [];
      for (let k = 0; k < KILLS; k++) {
        const target = Math.floor((PURCHASES * (k + 1)) / (KILLS + 2));
        while (provider.keys.size < target) await sleep(10);
        const victim = k % WORKERS;
        const counts = await producerQueue.bullQueue.getJobCounts('wait', 'active', 'delayed');
        leftAtKill.push(counts.wait! + counts.active! + counts.delayed!);
        await kill(workers[victim]!);
        say(`SIGKILL ${k + 1} → worker ${victim} (${counts.active} jobs active, ${leftAtKill.at(-1)} left)`);
        workers[victim] = await startWorker();
      }
      expect(
        leftAtKill.every((n) => n > 0),
        `jobs left at each kill: ${leftAtKill}`,
      ).toBe(true);

      await vi.waitFor(
        async () => {
          const counts = await producerQueue.bullQueue.getJobCounts('wait', 'active', 'delayed', 'failed');
          expect(counts).toEqual({ wait: 0, active: 0, delayed: 0, failed: 0 });
        },
        { timeout: TIMEOUT_MS - 20_000, interval: 250 },
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
      await app.close();

      const { rows: deadLetters } = await pool.query<{ idempotency_key: string; status: string }>(
        `SELECT idempotency_key, status FROM "${schema}".dead_letters`,
      );
      const deadKeys = deadLetters.map((row) => row.idempotency_key);
      const alerted = new Set(provider.alerts.map((alert) => String(alert.fields?.idempotencyKey)));
      const lost: string[] = [];
      const doubled: string[] = [];
      const wrong: string[] = [];
      let requests = 0;
      for (let i = 0; i < PURCHASES; i++) {
        const key = receiptKey(i);
        const record = provider.keys.get(key);
        requests += record?.requests ?? 0;
        if ((record?.overlapping ?? 0) > 0) doubled.push(`${key} (overlapping requests)`);
        const dead = deadKeys.filter((k) => k === key).length;
        if (behaviourOf(key) === 'rejected') {
          if (dead !== 1 || !alerted.has(key))
            wrong.push(`${key}: ${dead} dead letters, alerted ${alerted.has(key)}`);
        } else if (record?.effects !== 1) lost.push(key);
        else if (dead > 0) wrong.push(`${key} succeeded but has a dead letter`);
      }
      console.info(
        `bullmq crash test: ${PURCHASES} receipts, ${WORKERS} workers × ${CONCURRENCY}, ${KILLS} SIGKILLs ` +
          `(jobs left at each: ${leftAtKill.join(', ')}), ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
          `${requests} provider requests, ${deadLetters.length} dead letters, ${provider.alerts.length} alerts; ` +
          `lost ${lost.length}, doubled ${doubled.length}.`,
      );
      expect(lost).toEqual([]);
      expect(doubled).toEqual([]);
      expect(wrong).toEqual([]);
      expect(deadLetters.every((row) => row.status === 'open')).toBe(true);
    },
    TIMEOUT_MS,
  );
});
