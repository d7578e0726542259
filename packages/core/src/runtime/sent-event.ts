import type { OperationKind } from '../contracts/operation-kind';
import type { QueuedEvent } from '../contracts/queue';
import { fingerprint } from '../idempotency/fingerprint';

/**
 * @internal An event `lifeline.send` made after validating its payload. Its private fields mark it as
 * validated by one runtime (`owner`), so that runtime's worker does not parse it again, and carry its
 * payload's fingerprint, computed at most once. A copy (a queue that serialises, clones or spreads the
 * event) carries neither, so it is parsed again: only this very object is trusted, and only by its owner.
 * Its own fields, in order, are those of a plain {@link QueuedEvent}.
 */
export class SentEvent implements QueuedEvent {
  id: string;
  name: string;
  kind: OperationKind;
  data: unknown;
  idempotencyKey: string;
  enqueuedAt: number;
  declare runAt?: number;
  declare traceContext?: Record<string, string>;
  readonly #owner: object;
  #fingerprint: string | undefined;

  constructor(
    owner: object,
    id: string,
    name: string,
    kind: OperationKind,
    data: unknown,
    idempotencyKey: string,
    enqueuedAt: number,
    runAt: number | undefined,
    payloadFingerprint: string | undefined,
  ) {
    this.id = id;
    this.name = name;
    this.kind = kind;
    this.data = data;
    this.idempotencyKey = idempotencyKey;
    this.enqueuedAt = enqueuedAt;
    if (runAt !== undefined) this.runAt = runAt;
    this.#owner = owner;
    this.#fingerprint = payloadFingerprint;
  }

  /** True when `event` is this very object, made by `send` of the runtime `owner`. */
  static isSentBy(event: QueuedEvent, owner: object): event is SentEvent {
    return event instanceof SentEvent && event.#owner === owner;
  }

  /** The payload's fingerprint, computed on first use. */
  payloadFingerprint(): string {
    this.#fingerprint ??= fingerprint(this.data);
    return this.#fingerprint;
  }
}
