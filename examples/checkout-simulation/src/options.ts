import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** Where runs keep their data unless `--data-dir` says otherwise (gitignored). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../.lifeline-data/simulation', import.meta.url));

/** The simulation's settings, checked. */
export interface SimulationOptions {
  /** How many purchases the customers make. */
  purchases: number;
  /** Fixes every random choice: the same seed gives the same purchases, payments and faults. */
  seed: number;
  /** Chance that one call to a provider (mail, payments, file storage) fails. */
  faultRate: number;
  /** Chance that a webhook is delivered twice, or a delayed payment's events arrive out of order. */
  duplicates: number;
  /** Run the worker in a child process, SIGKILL it mid-run and restart it. */
  crash: boolean;
  /** After the run, serve the admin dashboard over the run's data until Ctrl-C. */
  serve: boolean;
  /** Serve the dashboard over the data directory without simulating a new run first. */
  serveOnly: boolean;
  /** Port of the dashboard; 0 picks a free one. */
  port: number;
  /** Use the system clock (with shorter delays) instead of the virtual clock. */
  realTime: boolean;
  /** Where PGlite and the stand-ins' records live. */
  dataDir: string;
  /** Delete the data directory first. */
  fresh: boolean;
  /** No progress bar and no live alerts: only the summary. */
  quiet: boolean;
  /** Trace the run with OpenTelemetry (`@lifeline/otel`) and check the traces in the verdict. */
  otel: boolean;
  /** Where the work runs: the database's queue table (default), or BullMQ on Redis (`REDIS_URL`). */
  engine: 'postgres' | 'bullmq';
  /** Notify a partner of every fulfilled purchase with a signed webhook (`@lifeline/webhooks`). */
  partnerWebhooks: boolean;
}

/** Thrown for a bad command line; `main` prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The text `--help` prints. */
export const USAGE = `Usage: pnpm demo [-- options]

  --purchases <n>     purchases to simulate (default 2000)
  --seed <n>          seed of every random choice (default 42)
  --fault-rate <r>    chance 0..0.9 that a provider call fails (default 0.2)
  --duplicates <r>    chance 0..1 of a duplicate or out-of-order webhook delivery (default 0.1)
  --crash             run the worker in a child process, SIGKILL it mid-run, restart it
  --serve             afterwards, open the admin dashboard on 127.0.0.1 (Ctrl-C to stop)
  --serve-only        open the dashboard over the data directory's earlier runs, without a new run
  --port <n>          dashboard port (default: a free one)
  --real-time         system clock with shortened delays, instead of the virtual clock
  --data-dir <path>   where the data lives (default .lifeline-data/simulation in this example)
  --fresh             delete the data directory first
  --quiet             only print the summary
  --otel              trace the run with OpenTelemetry and check checkout → webhook → email is one trace
  --engine <name>     postgres (default: the queue is a table of the database) or bullmq
                      (BullMQ on Redis at REDIS_URL, default redis://127.0.0.1:6379)
  --partner-webhooks  announce every fulfilled purchase to a partner endpoint (signed Standard Webhooks)
  --help              this text`;

const whole = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);
const rate = (name: string, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .min(0, `${name} must be between 0 and ${max}`)
    .max(max, `${name} must be between 0 and ${max}`);

const optionsSchema = z.object({
  purchases: whole('--purchases', 1, 100_000).default(2000),
  seed: whole('--seed', 0, 2 ** 31 - 1).default(42),
  faultRate: rate('--fault-rate', 0.9).default(0.2),
  duplicates: rate('--duplicates', 1).default(0.1),
  crash: z.boolean().default(false),
  serve: z.boolean().default(false),
  serveOnly: z.boolean().default(false),
  port: whole('--port', 0, 65_535).default(0),
  realTime: z.boolean().default(false),
  dataDir: z.string().min(1, '--data-dir must not be empty').default(DEFAULT_DATA_DIR),
  fresh: z.boolean().default(false),
  quiet: z.boolean().default(false),
  otel: z.boolean().default(false),
  engine: z
    .enum(['postgres', 'bullmq'], { error: '--engine must be postgres or bullmq' })
    .default('postgres'),
  partnerWebhooks: z.boolean().default(false),
});

/**
 * Parses the command line (`process.argv.slice(2)`). Returns `'help'` for `--help`; throws a
 * {@link UsageError} that names the option and the value for anything it cannot accept.
 */
export function parseOptions(argv: readonly string[]): SimulationOptions | 'help' {
  let parsed: ReturnType<typeof parseArgsStrict>;
  try {
    parsed = parseArgsStrict(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
  const result = optionsSchema.safeParse({
    purchases: values.purchases,
    seed: values.seed,
    faultRate: values['fault-rate'],
    duplicates: values.duplicates,
    crash: values.crash,
    serve: values.serve,
    serveOnly: values['serve-only'],
    port: values.port,
    realTime: values['real-time'],
    dataDir: values['data-dir'],
    fresh: values.fresh,
    quiet: values.quiet,
    otel: values.otel,
    engine: values.engine,
    partnerWebhooks: values['partner-webhooks'],
  });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = String(issue.path[0]);
    const received = (values as Record<string, unknown>)[toFlag(field)];
    throw new UsageError(`${issue.message}, got ${JSON.stringify(received)}`);
  }
  if (result.data.otel && result.data.crash)
    throw new UsageError(
      '--otel cannot be combined with --crash (the spans live in the worker process that is killed)',
    );
  if (result.data.engine === 'bullmq' && result.data.crash)
    throw new UsageError(
      "--crash runs on the default engine only: with --engine bullmq a killed worker is covered by the bullmq package's own crash test (packages/bullmq/test/crash.server.test.ts)",
    );
  if (result.data.engine === 'bullmq' && result.data.otel)
    throw new UsageError(
      "--otel runs on the default engine only: with --engine bullmq the work written inside the shop's transactions goes through the Postgres outbox, whose relay does not carry trace context yet",
    );
  return { ...result.data, dataDir: resolve(result.data.dataDir) };
}

function parseArgsStrict(argv: readonly string[]) {
  return parseArgs({
    args: [...argv].filter((arg) => arg !== '--'),
    strict: true,
    allowPositionals: true,
    options: {
      purchases: { type: 'string' },
      seed: { type: 'string' },
      'fault-rate': { type: 'string' },
      duplicates: { type: 'string' },
      crash: { type: 'boolean' },
      serve: { type: 'boolean' },
      'serve-only': { type: 'boolean' },
      port: { type: 'string' },
      'real-time': { type: 'boolean' },
      'data-dir': { type: 'string' },
      fresh: { type: 'boolean' },
      quiet: { type: 'boolean' },
      otel: { type: 'boolean' },
      engine: { type: 'string' },
      'partner-webhooks': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

const toFlag = (field: string) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
