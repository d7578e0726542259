import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLifeline, silentLogger } from '@lifeline/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresQueue } from '../src/index';
import { poisonOperations } from './fixtures/poison-job-world';
import { type Backend, pgBackend } from './helpers/backends';
import { bundleScript } from './helpers/bundle-script';
import { serverUrl } from './helpers/server';

const url = serverUrl();
const MAX_CRASHES = 2;
/*
 * The poison operation's timeout is 1 s (poisonOperations' default): its idempotency claim lasts that
 * + 30 s, so a re-run after a crash waits ~31 s for the dead worker's claim to lapse ("in progress").
 */
const LEASE_MS = 1_000;

describe.skipIf(!url)('a job that SIGKILLs its worker every time it runs (postgresQueue maxCrashes)', () => {
  let backend: Backend;
  let workerScript: string;
  const children = new Set<ChildProcess>();
  const lines: string[] = [];

  beforeAll(async () => {
    backend = await pgBackend(url!, 4);
    workerScript = await bundleScript(new URL('./fixtures/poison-job-worker.ts', import.meta.url));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await backend?.close();
  });

  /** Starts a worker process; resolves with it and its exit (the signal that ended it, or its code). */
  async function startWorker(env: Record<string, string> = {}) {
    const child = spawn(process.execPath, [workerScript], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: {
        ...process.env,
        POISON_URL: url,
        POISON_SCHEMA: backend.schema,
        POISON_LEASE_MS: String(LEASE_MS),
        POISON_MAX_CRASHES: String(MAX_CRASHES),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop()!;
      lines.push(...complete);
    });
    const exit = new Promise<string>((resolve) =>
      child.on('exit', (code, signal) => {
        children.delete(child);
        resolve(signal ?? `exit ${code}: ${stderr}`);
      }),
    );
    return { child, exit };
  }

  test(`is dead-lettered after ${MAX_CRASHES} crashes with a clear error and an alert, not claimed again`, async () => {
    const { sql, schema } = backend;
    const s = `"${schema}"`;
    // The app: a producer-only queue on the same schema.
    const lifeline = createLifeline({
      operations: poisonOperations(() => {}),
      queue: postgresQueue({ sql, schema, consume: false }),
      logger: silentLogger(),
    });
    await lifeline.send('poison/crash', { id: 'p1' });
    await lifeline.send('poison/ok', { id: 'o1' });
    await lifeline.send('poison/ok', { id: 'o2' });

    const deadLetters = async () =>
      (
        await sql.query<{ name: string; attempts: number; error_name: string; message: string }>(
          `SELECT name, attempts, error->>'name' AS error_name, error->>'message' AS message FROM ${s}.dead_letters`,
        )
      ).rows;
    const exits: string[] = [];
    const deadline = Date.now() + 100_000;
    // Restart the worker each time the poison job kills it, until the job is dead-lettered.
    while (Date.now() < deadline) {
      const { child, exit } = await startWorker();
      let ended: string | undefined;
      void exit.then((how) => {
        ended = how;
      });
      while (ended === undefined && (await deadLetters()).length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      if (ended === undefined) {
        child.kill('SIGTERM');
        exits.push(await exit);
        break;
      }
      exits.push(ended);
    }

    const poisonRuns = lines.filter((line) => line.startsWith('run poison/crash'));
    expect(poisonRuns, lines.join('\n')).toEqual(Array(MAX_CRASHES).fill('run poison/crash p1 1'));
    expect(exits).toEqual([...Array(MAX_CRASHES).fill('SIGKILL'), 'exit 0: ']);
    const dead = await deadLetters();
    expect(dead.map((row) => [row.name, row.attempts, row.error_name])).toEqual([
      ['poison/crash', 1, 'JobCrashedError'],
    ]);
    expect(dead[0]!.message).toMatch(
      new RegExp(`^worker crashed ${MAX_CRASHES} times running this job \\("poison/crash"`),
    );
    const alerts = lines
      .filter((line) => line.startsWith('alert '))
      .map((line) => JSON.parse(line.slice(6)) as { title: string; message: string });
    expect(alerts.map((alert) => alert.title)).toEqual(['Job failed: poison/crash']);
    expect(alerts[0]!.message).toContain(`worker crashed ${MAX_CRASHES} times`);
    // The other work ran to success, and no row is left.
    const { rows: log } = await sql.query<{ operation: string; outcome: string; n: number }>(
      `SELECT operation, outcome, count(*)::int AS n FROM ${s}.operation_log GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(log).toEqual([
      { operation: 'poison/crash', outcome: 'dead_lettered', n: 1 },
      { operation: 'poison/ok', outcome: 'succeeded', n: 2 },
    ]);
    const { rows: left } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s}.jobs`);
    expect(left[0]!.n).toBe(0);
  }, 120_000);

  test('a crash after the dead letter is stored but before the job row is settled: the re-run merges into the one dead letter', async () => {
    const { sql, schema } = backend;
    const s = `"${schema}"`;
    const lifeline = createLifeline({
      operations: poisonOperations(() => {}),
      queue: postgresQueue({ sql, schema, consume: false }),
      logger: silentLogger(),
    });
    const { idempotencyKey } = await lifeline.send('poison/fail', { id: 'f1' });
    const first = await startWorker({ POISON_KILL_AFTER_DEAD_LETTER: '1' });
    expect(await first.exit).toBe('SIGKILL');
    const rowsLeft = async () =>
      (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s}.jobs`)).rows[0]!.n;
    expect(await rowsLeft(), 'the crash left the job row unsettled').toBe(1);
    const second = await startWorker();
    for (let i = 0; i < 200 && (await rowsLeft()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    second.child.kill('SIGTERM');
    await second.exit;
    expect(await rowsLeft()).toBe(0);
    const { rows: dead } = await sql.query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM ${s}.dead_letters WHERE idempotency_key = $1`,
      [idempotencyKey],
    );
    // One dead letter: the re-run's record merged into the open entry of (name, idempotency key).
    // Known gap (postgres README): the work ran once more, its attempts were added (1 + 1), and the
    // operation log has a second dead_lettered row.
    expect(dead).toEqual([{ status: 'open', attempts: 2 }]);
    const runs = lines.filter((line) => line.startsWith('run poison/fail f1'));
    expect(runs).toEqual(['run poison/fail f1 1', 'run poison/fail f1 1']);
  }, 60_000);
});
