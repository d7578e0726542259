import { z } from 'zod';
import type { AlertSeverity } from '../contracts/alerter';
import { OPERATION_KINDS, type OperationKind } from '../contracts/operation-kind';
import { ConfigurationError } from '../errors/state-errors';
import { ValidationError } from '../errors/validation-error';
import { fingerprint } from '../idempotency/fingerprint';
import { type RetryPolicy, resolveRetryPolicy } from '../retry/retry-policy';
import type { OperationContext } from './operation-context';

/** A throttle for one operation: at most `limit` runs per `periodMs` per key. Excess work waits; none is dropped. */
export interface OperationThrottle<Data> {
  /** The throttle key, e.g. the recipient's address. Default: one key for the whole operation. */
  key?: (data: Data) => string;
  limit: number;
  periodMs: number;
}

/**
 * A dependency an operation cannot run without. `createLifeline` refuses a configuration that lacks one
 * (a `ConfigurationError` naming the operation), instead of letting the first run fail.
 * - `'mailer'`: the operation sends through `ctx.mailer`, so `createLifeline({ mailer })` is required.
 * - `'sms'`: the operation sends through `ctx.sms`, so `createLifeline({ sms })` is required.
 */
export type OperationNeed = 'mailer' | 'sms';

/** Every {@link OperationNeed}, for validation and docs. */
export const OPERATION_NEEDS: readonly OperationNeed[] = ['mailer', 'sms'];

/** Everything that defines an operation. Only `name`, `kind`, `schema` and `run` are required. */
export interface OperationDefinition<Schema extends z.ZodType, Result> {
  /** Unique name, also the event name on queues like Inngest, e.g. `purchase/email.send`. */
  name: string;
  kind: OperationKind;
  /** Checked when the work is sent and again when it runs. */
  schema: Schema;
  /** Retry policy; default 3 attempts, exponential backoff from 1 s to 60 s with full jitter. */
  retry?: Partial<RetryPolicy>;
  throttle?: OperationThrottle<z.output<Schema>>;
  /** Derives the business key; default: a fingerprint of the payload. */
  idempotencyKey?: (data: z.output<Schema>) => string;
  /** Per-attempt time limit; the attempt's `signal` aborts when it passes. */
  timeoutMs?: number;
  /** Most attempts of this operation running at once (honoured by queues that support it). */
  concurrency?: number;
  /** Severity of the alert on final failure; default: critical for webhooks, warning otherwise. */
  alertSeverity?: AlertSeverity;
  /** How long a completed idempotency key is remembered; default 7 days. */
  idempotencyTtlMs?: number;
  /** Shown in the dashboard and docs. */
  description?: string;
  /**
   * What the operation uses from the Lifeline that has no default, e.g. `['mailer']` when `run` calls
   * `ctx.mailer`: checked by `createLifeline`, so a missing mailer fails at start-up, not at the first send.
   * Not inferred from `kind` (an `email` operation may send through its own client).
   */
  needs?: readonly OperationNeed[];
  /** The side effect. Throw to fail the attempt: `PermanentError` stops retries, `RetryAfterError` sets the wait. */
  run: (data: z.output<Schema>, ctx: OperationContext) => Promise<Result>;
}

/** A defined operation: its definition, validated and frozen, plus helpers. */
export interface Operation<Schema extends z.ZodType = z.ZodType, Result = unknown>
  extends Readonly<OperationDefinition<Schema, Result>> {
  /** The resolved retry policy (defaults filled in). */
  readonly retryPolicy: RetryPolicy & { attempts: number };
  /** Validates a payload; throws ValidationError naming the field and value. */
  parse(data: unknown): z.output<Schema>;
  /** The idempotency key for a validated payload. */
  keyFor(data: z.output<Schema>): string;
}

/** Any operation, whatever its schema and result. */
export type AnyOperation = Operation<any, any>;
/** The payload type a caller passes to `send`. */
export type OperationInput<O> = O extends Operation<infer S, unknown> ? z.input<S> : never;
/** The payload type `run` receives. */
export type OperationData<O> = O extends Operation<infer S, unknown> ? z.output<S> : never;

const definitionSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_./:-]+$/, 'letters, digits and _ . / : - only'),
  kind: z.enum(OPERATION_KINDS as [OperationKind, ...OperationKind[]]),
  schema: z.custom<z.ZodType>((value) => value instanceof z.ZodType, 'a zod schema'),
  run: z.custom<(...args: unknown[]) => unknown>((value) => typeof value === 'function', 'a function'),
  idempotencyKey: z
    .custom((value) => value === undefined || typeof value === 'function', 'a function')
    .optional(),
  timeoutMs: z.number().int().positive().optional(),
  concurrency: z.number().int().positive().optional(),
  alertSeverity: z.enum(['info', 'warning', 'critical']).optional(),
  idempotencyTtlMs: z.number().int().positive().optional(),
  needs: z.array(z.enum(OPERATION_NEEDS as [OperationNeed, ...OperationNeed[]])).optional(),
  throttle: z
    .object({
      key: z.custom((value) => value === undefined || typeof value === 'function', 'a function').optional(),
      limit: z.number().int().positive(),
      periodMs: z.number().int().positive(),
    })
    .optional(),
});

/**
 * Defines an operation: a named, typed, retried, idempotent side effect.
 *
 * Guarantees: the definition is checked now (a bad one throws `ConfigurationError` naming the field);
 * payloads are validated against `schema` when sent and again when run.
 *
 * @example
 * ```ts
 * const sendReceipt = defineOperation({
 *   name: 'purchase/email.send',
 *   kind: 'email',
 *   schema: z.object({ purchaseId: z.string(), email: z.email() }),
 *   retry: { attempts: 3 },
 *   idempotencyKey: (d) => `receipt:${d.purchaseId}`,
 *   needs: ['mailer'], // createLifeline refuses to start without a mailer
 *   run: async (d, ctx) => ctx.mailer.send({ to: d.email, subject: 'Your receipt', text: '…' }, { idempotencyKey: ctx.idempotencyKey }),
 * });
 * ```
 */
export function defineOperation<Schema extends z.ZodType, Result>(
  definition: OperationDefinition<Schema, Result>,
): Operation<Schema, Result> {
  const checked = definitionSchema.safeParse(definition);
  if (!checked.success) {
    const where = (definition as { name?: unknown })?.name;
    const invalid = ValidationError.fromZod(
      `operation definition${typeof where === 'string' ? ` "${where}"` : ''}`,
      checked.error,
      definition,
    );
    throw new ConfigurationError(invalid.message, { cause: invalid });
  }
  const retryPolicy = resolveRetryPolicy(definition.retry);
  const subject = `payload for "${definition.name}"`;
  const operation: Operation<Schema, Result> = {
    ...definition,
    retryPolicy,
    parse(data) {
      const result = definition.schema.safeParse(data);
      if (!result.success) throw ValidationError.fromZod(subject, result.error, data);
      return result.data;
    },
    keyFor(data) {
      const key = definition.idempotencyKey
        ? definition.idempotencyKey(data)
        : `${definition.name}:${fingerprint(data)}`;
      if (typeof key !== 'string' || key.length === 0 || key.length > 512) {
        throw new ConfigurationError(
          `idempotencyKey of "${definition.name}" must return a non-empty string of at most 512 characters, got ${JSON.stringify(key)}`,
        );
      }
      return key;
    },
  };
  return Object.freeze(operation);
}
