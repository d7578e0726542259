import { type Clock, ConfigurationError, ValidationError } from '@lifeline/core';
import type { ConnectionOptions } from 'bullmq';
import { z } from 'zod';

/** Options of {@link bullmqQueue}. */
export interface BullmqQueueOptions {
  /**
   * How BullMQ reaches Redis: an ioredis instance (`new IORedis(url, { maxRetriesPerRequest: null })`) or
   * ioredis options. Passed to BullMQ as given; a worker duplicates it for its blocking connection, and
   * `close()` never quits a connection it was given.
   */
  connection: ConnectionOptions;
  /** The BullMQ queue name (no `:`): processes with the same name and prefix share the work. Default `lifeline`. */
  name?: string;
  /** BullMQ's key prefix in Redis; default BullMQ's own (`bull`). */
  prefix?: string;
  /** Most attempts running at once in this process; default 10. */
  concurrency?: number;
  /**
   * Whether this process runs jobs (default true). `false` makes a producer-only queue (a web process
   * whose jobs run in worker processes): `enqueue` adds jobs, no BullMQ Worker is started.
   */
  consume?: boolean;
  /**
   * How long a worker's lock on a running job lasts without renewal (ms); BullMQ renews it at half
   * this. A job whose worker died is redelivered by another worker's stalled check once the lock runs
   * out. Default 30 000.
   */
  lockDurationMs?: number;
  /** How often a worker looks for stalled jobs (ms); default 30 000. */
  stalledIntervalMs?: number;
  /**
   * How many times a job may stall (its worker died mid-attempt) before BullMQ fails it instead of
   * redelivering it; default 10. A failed job stays in BullMQ's failed set and is logged as an error.
   */
  maxStalledCount?: number;
  /** Default: the clock `createLifeline` passes. See {@link bullmqQueue} for how a virtual clock is honoured. */
  clock?: Clock;
}

const positiveInt = (what: string) =>
  z.number().int(`${what} must be a whole number`).min(1, `${what} must be >= 1`);

const optionsSchema = z.object({
  connection: z.custom<ConnectionOptions>(
    (value) => typeof value === 'object' && value !== null,
    'an ioredis instance or ioredis connection options',
  ),
  name: z
    .string()
    .regex(/^[A-Za-z0-9_./-]{1,100}$/, 'must be 1-100 letters, digits or _ . / - (BullMQ refuses ":")')
    .optional(),
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9_./{}-]{1,100}$/, 'must be 1-100 letters, digits or _ . / - { }')
    .optional(),
  concurrency: positiveInt('concurrency').max(1_000).optional(),
  consume: z.boolean().optional(),
  lockDurationMs: z.number().int().min(1_000, 'lockDurationMs must be at least 1000 ms').optional(),
  stalledIntervalMs: z.number().int().min(500, 'stalledIntervalMs must be at least 500 ms').optional(),
  maxStalledCount: positiveInt('maxStalledCount').optional(),
  clock: z
    .custom<Clock>(
      (value) => typeof value === 'object' && value !== null && typeof (value as Clock).now === 'function',
      'a Clock (systemClock() or virtualClock())',
    )
    .optional(),
});

/** The options with defaults applied, or a ConfigurationError naming each bad value. */
export function resolveQueueOptions(options: BullmqQueueOptions) {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const invalid = ValidationError.fromZod('bullmqQueue options', parsed.error, options);
    throw new ConfigurationError(invalid.message, { cause: invalid });
  }
  return {
    connection: options.connection,
    name: options.name ?? 'lifeline',
    prefix: options.prefix,
    concurrency: options.concurrency ?? 10,
    consume: options.consume ?? true,
    lockDurationMs: options.lockDurationMs ?? 30_000,
    stalledIntervalMs: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 10,
    clock: options.clock,
  };
}

/** {@link resolveQueueOptions}'s result. */
export type ResolvedQueueOptions = ReturnType<typeof resolveQueueOptions>;
