import {
  type AnyOperation,
  ConfigurationError,
  type OperationKind,
  type Queue,
  type QueueDrainReport,
  type QueuedEvent,
  QueueRefusedError,
  type QueueWorker,
  ValidationError,
} from '@lifeline/core';
import { describeError } from '@lifeline/core/adapter';
import type { Inngest } from 'inngest';
import { z } from 'zod';
import { toEnvelope } from './envelope';
import { INNGEST_QUEUE_LINK, type InngestQueueLink } from './queue-link';

/** Options of {@link inngestQueue}. */
export interface InngestQueueOptions {
  /** Your Inngest client (`new Inngest({ id })`); `inngestFunctions` registers its functions on it too. */
  client: Inngest.Any;
  /** The Inngest event name of an operation. Default: the operation's name. */
  eventName?: (operation: { name: string; kind: OperationKind }) => string;
}

const optionsSchema = z.object({
  client: z.custom<Inngest.Any>(
    (value) =>
      typeof value === 'object' && value !== null && typeof (value as { send?: unknown }).send === 'function',
    'an Inngest client (new Inngest({ id })) with a send() method',
  ),
  eventName: z.custom((value) => value === undefined || typeof value === 'function', 'a function').optional(),
});

const EMPTY_REPORT = (): QueueDrainReport => ({ completed: 0, pending: [] });

/**
 * The Inngest event id of a delivery: the idempotency key for a first send, so Inngest's own 24-hour
 * id dedupe drops exactly what Lifeline would call a duplicate; the new delivery id for a redrive, which
 * must run although its key was sent before.
 */
export function inngestEventId(event: QueuedEvent): string {
  return event.redriveOf === undefined ? event.idempotencyKey : event.id;
}

/**
 * A Lifeline `Queue` on Inngest: `enqueue` sends the operation's event to Inngest, and Inngest runs it
 * (durably, with retries, across serverless instances) through the functions of {@link inngestFunctions}.
 *
 * Guarantees: `enqueue` resolves only once Inngest's event API accepted the event, and otherwise throws
 * `QueueRefusedError` (with the SDK's error as `cause`), so a webhook route answers non-2xx and its sender
 * retries. The Inngest event is `{ name, data: envelope, id, ts }`: `id` is the idempotency key (a redrive
 * gets its own new id), `ts` the time the work was first sent, `data` the payload plus Lifeline's
 * envelope. `drain` and `close` resolve at once with nothing pending: the work runs in Inngest. After
 * `close`, `enqueue` throws.
 *
 * @example
 * ```ts
 * import { Inngest } from 'inngest';
 * import { serve } from 'inngest/next';
 *
 * const inngest = new Inngest({ id: 'shop' });
 * const lifeline = createLifeline({ operations, queue: inngestQueue({ client: inngest }) });
 * export const { GET, POST, PUT } = serve({ client: inngest, functions: inngestFunctions(lifeline) });
 * ```
 */
export function inngestQueue(options: InngestQueueOptions): Queue {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const invalid = ValidationError.fromZod('inngestQueue options', parsed.error, options);
    throw new ConfigurationError(invalid.message, { cause: invalid });
  }
  const { client } = options;
  let worker: QueueWorker | undefined;
  let operations: ReadonlyMap<string, AnyOperation> = new Map();
  let closed = false;

  function eventNameFor(operation: { name: string; kind: OperationKind }): string {
    const name = options.eventName ? options.eventName(operation) : operation.name;
    if (typeof name !== 'string' || name.length === 0) {
      throw new ConfigurationError(
        `inngestQueue: eventName() returned ${JSON.stringify(name)} for "${operation.name}"; return a non-empty string`,
      );
    }
    return name;
  }

  function throttleKeyFor(event: QueuedEvent): string | undefined {
    const key = operations.get(event.name)?.throttle?.key;
    if (!key) return undefined;
    try {
      const value = key(event.data);
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined; // No key: Inngest throttles the event in the operation's shared bucket (stricter).
    }
  }

  const link: InngestQueueLink = {
    client,
    eventNameFor,
    useOperations(registered) {
      operations = registered;
    },
  };

  return {
    [INNGEST_QUEUE_LINK]: link,
    start(w) {
      if (worker && worker !== w) {
        throw new ConfigurationError(
          'inngestQueue: this queue is already started by another Lifeline; create one queue per createLifeline()',
        );
      }
      worker = w;
    },
    async enqueue(event) {
      const name = eventNameFor(event);
      if (closed)
        throw new QueueRefusedError(
          `inngestQueue is closed; "${event.name}" (${event.idempotencyKey}) was not sent to Inngest`,
        );
      const payload = {
        name,
        id: inngestEventId(event),
        ts: event.enqueuedAt,
        data: toEnvelope(event, throttleKeyFor(event)),
      };
      try {
        await client.send(payload as never);
      } catch (error) {
        throw new QueueRefusedError(
          `Inngest did not accept "${name}" (idempotency key ${event.idempotencyKey}): ${describeError(error)}. Nothing was queued; answer non-2xx so the sender retries.`,
          { cause: error },
        );
      }
    },
    drain: async () => EMPTY_REPORT(),
    async close() {
      closed = true;
      return EMPTY_REPORT();
    },
  } as Queue;
}
