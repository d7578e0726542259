import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Backend, pgBackend, pgliteBackend } from './helpers/backends';
import { serverUrl } from './helpers/server';
import { measureRoundTrips } from './queue/round-trips';

const url = serverUrl();

/** Goal (issue 13): at most 4 round trips per operation, queue + idempotency store + operation log. */
const GOAL = 4;

function roundTripTests(name: string, open: () => Promise<Backend>) {
  describe(`round trips per operation, ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await open();
    });
    afterAll(() => backend?.close());

    for (const concurrency of [1, 8]) {
      test(`closed loop at concurrency ${concurrency}: at most ${GOAL} per send → run → complete`, async () => {
        const report = await measureRoundTrips(backend, { operations: 200, concurrency });
        const settleAndPoll = Object.entries(report.byStatement)
          .filter(([head]) => head.includes('jsonb_to_recordset($2'))
          .reduce((sum, [, n]) => sum + n, 0);
        const own = report.roundTrips - settleAndPoll;
        console.log(
          `[round trips] ${name}, concurrency ${concurrency}: ${report.roundTrips} for ${report.operations} operations = ${report.perOperation.toFixed(2)} per operation; ${(own / report.operations).toFixed(2)} per operation issued by the operation itself (enqueue + idempotency claim/complete + log), plus ${settleAndPoll} settle/poll statements in ${Math.round(report.elapsedMs)} ms (goal <= ${GOAL})`,
        );
        // Each operation: one enqueue (which claims it and settles earlier results) and three store statements.
        expect(own).toBeLessThanOrEqual(GOAL * report.operations + 1);
        // Settling rides along: only polls (1 per second), drain's final settle, and a few under load.
        expect(settleAndPoll).toBeLessThanOrEqual(
          2 + Math.ceil(report.elapsedMs / 1_000) + report.operations * 0.1,
        );
      }, 60_000);
    }
  });
}

roundTripTests('PGlite', pgliteBackend);
if (url) roundTripTests('PostgreSQL server (pg Pool)', () => pgBackend(url, 10));
