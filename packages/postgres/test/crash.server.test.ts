import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLifeline, type QueuedEvent, silentLogger, virtualClock } from '@lifeline/core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOperationLog,
  type SqlClient,
  startOutboxRelay,
} from '../src/index';
import { brokerStandIn, createCrashTables, receiptOperation } from './fixtures/crash-world';
import { type Backend, pgBackend } from './helpers/backends';
import { serverUrl } from './helpers/server';

const url = serverUrl();
const TOTAL = 400;
const count = async (sql: SqlClient, query: string) => (await sql.query<{ n: number }>(query)).rows[0]!.n;

describe.skipIf(!url)('crash: a relay killed with SIGKILL mid-relay', () => {
  let backend: Backend;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    backend = await pgBackend(url!, 6);
    await createCrashTables(backend.sql, backend.schema);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await backend?.close();
  });

  test('a new relay delivers every committed purchase; each effect happens once; rolled-back ones never', async () => {
    const { sql, schema } = backend;
    const s = `"${schema}"`;
    child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./fixtures/crash-child.ts', import.meta.url))],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        // The root tsconfig maps @lifeline/* to the sources, so the child runs the code under test, not a build.
        env: {
          ...process.env,
          TSX_TSCONFIG_PATH: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)),
          CRASH_URL: url,
          CRASH_SCHEMA: schema,
          CRASH_TOTAL: String(TOTAL),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child!.on('exit', (_code, signal) => resolve(signal)),
    );

    // Kill it once the relay is well under way, while purchases are still being made.
    await vi.waitFor(
      async () => {
        if (child!.exitCode !== null) throw new Error(`the child exited early: ${stderr}`);
        expect(await count(sql, `SELECT count(*)::integer AS n FROM ${s}.broker`)).toBeGreaterThanOrEqual(60);
      },
      { timeout: 30_000, interval: 5 },
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const committed = await count(sql, `SELECT count(*)::integer AS n FROM ${s}.purchases`);
    const unsent = await count(sql, `SELECT count(*)::integer AS n FROM ${s}.outbox WHERE sent_at IS NULL`);
    expect(committed).toBeGreaterThan(0);
    expect(unsent).toBeGreaterThan(0); // it really died mid-relay, with work left over
    expect(await count(sql, `SELECT count(*)::integer AS n FROM ${s}.outbox`)).toBe(committed);

    // A new process: the same runtime and broker, a relay whose clock is past the dead relay's leases.
    const operation = receiptOperation(sql, schema);
    const clock = virtualClock({ start: Date.now() + 61_000 });
    const lifeline = createLifeline({
      operations: [operation],
      queue: brokerStandIn(sql, schema),
      deadLetters: postgresDeadLetterStore(sql, { schema }),
      idempotency: postgresIdempotencyStore(sql, { schema }),
      log: postgresOperationLog(sql, { schema }),
      clock,
      logger: silentLogger(),
    });
    const relay = startOutboxRelay({ sql, lifeline, schema, clock, batchSize: 50, pollMs: 60_000 });
    await relay.stop();
    while ((await count(sql, `SELECT count(*)::integer AS n FROM ${s}.outbox WHERE sent_at IS NULL`)) > 0)
      await relay.runOnce();

    // Every committed purchase reached the broker, at least once, under its own key; nothing else did.
    const { rows: delivered } = await sql.query<{ event: string }>(
      `SELECT event::text AS event FROM ${s}.broker ORDER BY seq`,
    );
    const events = delivered.map((row) => JSON.parse(row.event) as QueuedEvent);
    const { rows: purchases } = await sql.query<{ id: string }>(`SELECT id FROM ${s}.purchases ORDER BY id`);
    const expectedKeys = purchases.map((p) => `receipt:${p.id}`).sort();
    expect([...new Set(events.map((e) => e.idempotencyKey))].sort()).toEqual(expectedKeys);
    for (const p of purchases) expect(Number(p.id.slice(2)) % 5).not.toBe(4);

    // The broker delivers everything (duplicates included) to the runtime: each effect happens once.
    for (const event of events) await lifeline.worker.runAttempt(event, 1);
    const { rows: effects } = await sql.query<{ purchase_id: string; n: number }>(
      `SELECT purchase_id, count(*)::integer AS n FROM ${s}.effects GROUP BY purchase_id ORDER BY purchase_id`,
    );
    expect(effects).toEqual(purchases.map((p) => ({ purchase_id: p.id, n: 1 })));
    console.info(
      `crash test: ${committed} committed purchases, ${unsent} unsent at the kill, ${events.length - committed} delivered twice (same key), effects once each`,
    );
  }, 60_000);
});
