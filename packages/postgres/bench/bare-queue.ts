import type { SqlClient } from '../src/index';

/**
 * The floor the queue benchmark compares against: the least a durable Postgres job queue can do per
 * job, with nothing else (no idempotency store, no operation log, no retries, no lease renewal):
 *   INSERT (enqueue) → UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1) (claim) → DELETE (complete).
 * Three statements, three commits per job. An idle worker polls again after 1 ms.
 */
export async function createBareQueueTable(sql: SqlClient, schema: string): Promise<void> {
  await sql.query(`CREATE TABLE "${schema}".bare_jobs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payload json NOT NULL,
    run_at timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz
  )`);
  await sql.query(`CREATE INDEX bare_jobs_due ON "${schema}".bare_jobs (run_at)`);
}

/**
 * Runs `total` no-op jobs through the bare queue with `concurrency` producers and `concurrency`
 * workers at once; resolves when every job is deleted. Returns how many claims found nothing.
 */
export async function runBareQueue(
  sql: SqlClient,
  schema: string,
  total: number,
  concurrency: number,
): Promise<{ emptyClaims: number }> {
  const s = `"${schema}"`;
  let produced = 0;
  let completed = 0;
  let emptyClaims = 0;
  const producer = async () => {
    while (produced < total) {
      const n = produced++;
      await sql.query(`INSERT INTO ${s}.bare_jobs (payload) VALUES ($1::text::json)`, [
        JSON.stringify({ n }),
      ]);
    }
  };
  const worker = async () => {
    while (completed < total) {
      const { rows } = await sql.query<{ id: string }>(
        `UPDATE ${s}.bare_jobs SET locked_until = now() + interval '30 seconds'
         WHERE id = (SELECT id FROM ${s}.bare_jobs
                     WHERE run_at <= now() AND (locked_until IS NULL OR locked_until < now())
                     ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING id, payload`,
      );
      const job = rows[0];
      if (!job) {
        emptyClaims++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      await sql.query(`DELETE FROM ${s}.bare_jobs WHERE id = $1`, [job.id]);
      completed++;
    }
  };
  await Promise.all([
    ...Array.from({ length: concurrency }, producer),
    ...Array.from({ length: concurrency }, worker),
  ]);
  return { emptyClaims };
}
