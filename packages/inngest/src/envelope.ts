import { randomUUID } from 'node:crypto';
import { type AnyOperation, OPERATION_KINDS, type OperationKind, type QueuedEvent } from '@lifeline/core';
import { fingerprint } from '@lifeline/core/adapter';
import { z } from 'zod';

/**
 * What `inngestQueue` puts in an Inngest event's `data`: the operation's payload (`data`) and everything
 * the function needs to rebuild the exact `QueuedEvent` Lifeline sent (its id, key, kind, send time and,
 * for a redrive, the dead letter it redrives). `lifeline` is the envelope's format version.
 */
export interface LifelineEnvelope {
  lifeline: 1;
  /** Lifeline's delivery id (a redrive gets a new one). */
  eventId: string;
  kind: OperationKind;
  idempotencyKey: string;
  /** Epoch ms the work was first sent. */
  enqueuedAt: number;
  /** The validated payload. */
  data: unknown;
  redriveOf?: string;
  /** With `redriveOf`: the admin who asked for the redrive (credited with its outcome). */
  redriveBy?: string;
  /** The operation's throttle key for this payload; Inngest's `throttle.key` reads it. */
  throttleKey?: string;
  /** W3C trace context of the sender (`traceparent`, `tracestate`), carried unchanged; see `QueuedEvent.traceContext`. */
  traceContext?: Record<string, string>;
}

/** An Inngest event as a function receives it. */
export interface ReceivedEvent {
  id?: string;
  name: string;
  data?: unknown;
  ts?: number;
}

const envelopeSchema = z.object({
  lifeline: z.literal(1),
  eventId: z.string().min(1),
  kind: z.enum(OPERATION_KINDS as [OperationKind, ...OperationKind[]]),
  idempotencyKey: z.string().min(1),
  enqueuedAt: z.number().finite(),
  data: z.unknown(),
  redriveOf: z.string().min(1).optional(),
  redriveBy: z.string().min(1).optional(),
  throttleKey: z.string().optional(),
  traceContext: z.record(z.string(), z.string()).optional(),
});

/** Wraps a queued event for Inngest. `throttleKey` is added only when known. */
export function toEnvelope(event: QueuedEvent, throttleKey?: string): LifelineEnvelope {
  return {
    lifeline: 1,
    eventId: event.id,
    kind: event.kind,
    idempotencyKey: event.idempotencyKey,
    enqueuedAt: event.enqueuedAt,
    data: event.data,
    ...(event.redriveOf === undefined ? {} : { redriveOf: event.redriveOf }),
    ...(event.redriveBy === undefined ? {} : { redriveBy: event.redriveBy }),
    ...(throttleKey === undefined ? {} : { throttleKey }),
    ...(event.traceContext === undefined ? {} : { traceContext: event.traceContext }),
  };
}

function rawKey(operation: AnyOperation, event: ReceivedEvent): string {
  try {
    return operation.keyFor(operation.parse(event.data));
  } catch {
    // Invalid payload: the worker dead-letters it with the validation error; any stable key will do.
    try {
      return `${operation.name}:${fingerprint(event.data)}`;
    } catch {
      return `${operation.name}:${event.id ?? randomUUID()}`;
    }
  }
}

/**
 * Rebuilds the `QueuedEvent` from an event an Inngest function received. Never throws.
 *
 * An event sent by `inngestQueue` carries an envelope and comes back exactly as it was sent. Any other
 * event of the operation's name (e.g. `inngest.send` by hand) is accepted too: its `data` is the payload,
 * its idempotency key is derived the way `lifeline.send` derives it, its Inngest id is the delivery id.
 */
export function toQueuedEvent(operation: AnyOperation, event: ReceivedEvent, now: number): QueuedEvent {
  const envelope = envelopeSchema.safeParse(event.data);
  if (envelope.success) {
    const e = envelope.data;
    return {
      id: e.eventId,
      name: operation.name,
      kind: e.kind,
      data: e.data,
      idempotencyKey: e.idempotencyKey,
      enqueuedAt: e.enqueuedAt,
      ...(e.redriveOf === undefined ? {} : { redriveOf: e.redriveOf }),
      ...(e.redriveBy === undefined ? {} : { redriveBy: e.redriveBy }),
      ...(e.traceContext === undefined ? {} : { traceContext: e.traceContext }),
    };
  }
  return {
    id: event.id ?? `evt_${randomUUID()}`,
    name: operation.name,
    kind: operation.kind,
    data: event.data,
    idempotencyKey: rawKey(operation, event),
    enqueuedAt: typeof event.ts === 'number' && Number.isFinite(event.ts) ? event.ts : now,
  };
}
