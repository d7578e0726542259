import type { QueuedEvent } from '@lifeline/core';

/** Percent-encodes what BullMQ forbids in a custom job id (`:`) and what the id uses itself (`%`, `|`). */
const escapePart = (part: string) =>
  part.replace(/[%:|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/**
 * The BullMQ job id of one delivery: `<idempotency key>|<event id>`, each part with `%`, `:` and `|`
 * percent-encoded (BullMQ refuses `:` in custom ids).
 *
 * The rule, and why it is not the bare idempotency key: BullMQ silently ignores an `add` whose job id
 * exists, so an id of the key alone would swallow a redrive while the dead-lettered job is still in
 * Redis, a re-send of a key whose job BullMQ still retains, and a second delivery of a key while the
 * first waits (the `Queue` contract counts each delivery: `cancel` reports both). Keyed by the
 * delivery, BullMQ's dedupe drops only the same delivery enqueued twice (an outbox relay or a caller
 * re-sending one event id after a lost reply), and the idempotency store keeps the key's effects to
 * one, whatever the number of deliveries. The key prefix lets `cancel` find a key's jobs by id alone.
 */
export function jobIdOf(event: Pick<QueuedEvent, 'idempotencyKey' | 'id'>): string {
  return `${keyPrefixOf(event.idempotencyKey)}${escapePart(event.id)}`;
}

/** The start every job id of `idempotencyKey` shares. */
export function keyPrefixOf(idempotencyKey: string): string {
  return `${escapePart(idempotencyKey)}|`;
}
