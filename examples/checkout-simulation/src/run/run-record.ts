import type { SqlClient } from '@lifeline/postgres';

/** A simulation run, as recorded in the data directory. */
export interface RunRecord {
  id: number;
  seed: number;
  purchases: number;
  faultRate: number;
  duplicates: number;
  realTime: boolean;
  /** Epoch ms on the simulation's clock. */
  startedAt: number;
  /** The simulation clock's last saved reading: where a restarted worker picks up time. */
  clockAt: number;
  /** Set when the run ended. */
  finishedAt: number | null;
  /** How many times the worker was killed and restarted. */
  restarts: number;
}

const COLUMNS = `id, seed, purchases, fault_rate AS "faultRate", duplicates, real_time AS "realTime",
  started_at AS "startedAt", clock_at AS "clockAt", finished_at AS "finishedAt", restarts`;

/** Creates the `simulation.runs` table if it is missing. */
export async function migrateRuns(sql: SqlClient): Promise<void> {
  await sql.query('CREATE SCHEMA IF NOT EXISTS simulation');
  await sql.query(`CREATE TABLE IF NOT EXISTS simulation.runs (
    id integer PRIMARY KEY,
    seed integer NOT NULL,
    purchases integer NOT NULL,
    fault_rate double precision NOT NULL,
    duplicates double precision NOT NULL,
    real_time boolean NOT NULL,
    started_at double precision NOT NULL,
    clock_at double precision NOT NULL,
    finished_at double precision,
    restarts integer NOT NULL DEFAULT 0
  )`);
}

/**
 * The simulated time a run covers, `from <= at < to`: from its start to its end (or, for a run still
 * going, the clock's last saved reading). Its summary, health and alert counts all use this window.
 */
export function runWindow(run: RunRecord): { from: number; to: number } {
  return { from: run.startedAt, to: (run.finishedAt ?? run.clockAt) + 1 };
}

/** The runs table. */
export const runRecords = {
  /** Records a new run starting at `startedAt`; its id is one more than the last. */
  async create(
    sql: SqlClient,
    run: Omit<RunRecord, 'id' | 'clockAt' | 'finishedAt' | 'restarts'>,
  ): Promise<RunRecord> {
    const { rows } = await sql.query<RunRecord>(
      `INSERT INTO simulation.runs (id, seed, purchases, fault_rate, duplicates, real_time, started_at, clock_at)
       SELECT coalesce(max(id), 0) + 1, $1, $2, $3, $4, $5, $6, $6 FROM simulation.runs
       RETURNING ${COLUMNS}`,
      [run.seed, run.purchases, run.faultRate, run.duplicates, run.realTime, run.startedAt],
    );
    return rows[0]!;
  },
  async get(sql: SqlClient, id: number): Promise<RunRecord | undefined> {
    const { rows } = await sql.query<RunRecord>(`SELECT ${COLUMNS} FROM simulation.runs WHERE id = $1`, [id]);
    return rows[0];
  },
  /** Every run, oldest first. */
  async list(sql: SqlClient): Promise<RunRecord[]> {
    return (await sql.query<RunRecord>(`SELECT ${COLUMNS} FROM simulation.runs ORDER BY id`)).rows;
  },
  /** The latest time any earlier run's clock reached (a new virtual clock starts after it), or 0. */
  async lastClock(sql: SqlClient): Promise<number> {
    const { rows } = await sql.query<{ at: number | null }>(
      'SELECT max(greatest(clock_at, coalesce(finished_at, 0))) AS at FROM simulation.runs',
    );
    return rows[0]?.at ?? 0;
  },
  async saveClock(sql: SqlClient, id: number, at: number): Promise<void> {
    await sql.query('UPDATE simulation.runs SET clock_at = greatest(clock_at, $2) WHERE id = $1', [id, at]);
  },
  async countRestart(sql: SqlClient, id: number): Promise<void> {
    await sql.query('UPDATE simulation.runs SET restarts = restarts + 1 WHERE id = $1', [id]);
  },
  async finish(sql: SqlClient, id: number, at: number): Promise<void> {
    await sql.query(
      'UPDATE simulation.runs SET finished_at = $2, clock_at = greatest(clock_at, $2) WHERE id = $1',
      [id, at],
    );
  },
};
