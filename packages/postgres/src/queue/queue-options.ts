import { type Clock, ConfigurationError, ValidationError } from '@lifeline/core';
import { z } from 'zod';
import type { SchemaOptions } from '../schema/identifier';
import type { SqlClient } from '../sql-client';
import type { QueueListener } from './listeners';

/** Options of {@link postgresQueue}. */
export interface PostgresQueueOptions extends SchemaOptions {
  /** Where the jobs live: the same database (and usually the same client) as your data. */
  sql: SqlClient;
  /**
   * The queue's name: several queues (apps, or worker pools for different operations) can share one
   * jobs table; each claims only its own rows. Default `default`.
   */
  name?: string;
  /** Most attempts running at once in this process; default 10. */
  concurrency?: number;
  /** Most jobs claimed per statement (never more than free slots); default `concurrency`. */
  batchSize?: number;
  /**
   * How long a claim lasts without a heartbeat (ms); default 60 000. A worker renews the lease of its
   * running jobs every `leaseMs / 3`; a job whose worker died is claimed again once it runs out.
   */
  leaseMs?: number;
  /**
   * How often an idle worker looks for due jobs (ms); default 1 000. With `listen` set this is only the
   * fallback for a lost notification; without it (PGlite, or no listening connection) it is the wake-up.
   */
  pollMs?: number;
  /** Wakes idle workers at once when a job is enqueued (LISTEN/NOTIFY): `pgListener(pool)`, `postgresJsListener(sql)`, `pgliteListener(db)`. */
  listen?: QueueListener;
  /** Sends `pg_notify` with each enqueue that is due at once, for workers in other processes; default true. */
  notify?: boolean;
  /**
   * Whether this process runs jobs (default true). `false` makes a producer-only queue (e.g. a web
   * process whose jobs run in a separate worker process): `enqueue` writes rows, nothing is claimed.
   */
  consume?: boolean;
  /**
   * How many times a job's worker may die running it (its lease runs out without a result) before the
   * job is dead-lettered instead of claimed again ("worker crashed N times running this job", with the
   * runtime's failure alert); default 5. Each crash re-runs the job under the same idempotency key.
   */
  maxCrashes?: number;
  /** Default: the clock `createLifeline` passes. Every time written or compared comes from it, never the database. */
  clock?: Clock;
}

const positiveInt = (what: string) =>
  z.number().int(`${what} must be a whole number`).min(1, `${what} must be >= 1`);

const optionsSchema = z.object({
  sql: z.custom<SqlClient>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as SqlClient).query === 'function' &&
      typeof (value as SqlClient).transaction === 'function',
    'a SqlClient (pgPoolClient(pool), postgresJsClient(sql) or pgliteClient(db))',
  ),
  schema: z.string().optional(),
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.:/-]{1,100}$/, 'must be 1-100 letters, digits or _ . : / -')
    .optional(),
  concurrency: positiveInt('concurrency').max(1_000).optional(),
  batchSize: positiveInt('batchSize').max(1_000).optional(),
  leaseMs: z.number().finite().min(1_000, 'leaseMs must be at least 1000 ms').optional(),
  pollMs: z.number().finite().min(10, 'pollMs must be at least 10 ms').optional(),
  listen: z
    .custom<QueueListener>(
      (value) =>
        typeof value === 'object' && value !== null && typeof (value as QueueListener).listen === 'function',
      'a QueueListener (pgListener(pool), postgresJsListener(sql) or pgliteListener(db))',
    )
    .optional(),
  notify: z.boolean().optional(),
  maxCrashes: positiveInt('maxCrashes').max(1_000).optional(),
  consume: z.boolean().optional(),
  clock: z
    .custom<Clock>(
      (value) => typeof value === 'object' && value !== null && typeof (value as Clock).now === 'function',
      'a Clock (systemClock() or virtualClock())',
    )
    .optional(),
});

/** @internal The options with defaults applied, or a ConfigurationError naming each bad value. */
export function resolveQueueOptions(options: PostgresQueueOptions) {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const invalid = ValidationError.fromZod('postgresQueue options', parsed.error, options);
    throw new ConfigurationError(invalid.message, { cause: invalid });
  }
  const concurrency = options.concurrency ?? 10;
  return {
    sql: options.sql,
    name: options.name ?? 'default',
    concurrency,
    batchSize: Math.min(options.batchSize ?? concurrency, concurrency),
    leaseMs: options.leaseMs ?? 60_000,
    pollMs: options.pollMs ?? 1_000,
    listen: options.listen,
    notify: options.notify ?? true,
    consume: options.consume ?? true,
    maxCrashes: options.maxCrashes ?? 5,
    clock: options.clock,
  };
}
