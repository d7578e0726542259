import type { AnyOperation, OperationKind, Queue } from '@lifeline/core';
import type { Inngest } from 'inngest';

/** @internal What an `inngestQueue` shares with `inngestFunctions` of the same Lifeline. */
export interface InngestQueueLink {
  client: Inngest.Any;
  /** The Inngest event name of an operation. */
  eventNameFor(operation: { name: string; kind: OperationKind }): string;
  /** Lets the queue compute each operation's throttle key when it sends. */
  useOperations(operations: ReadonlyMap<string, AnyOperation>): void;
}

/** @internal Brand under which an `inngestQueue` keeps its link (shared by every copy of the package). */
export const INNGEST_QUEUE_LINK: unique symbol = Symbol.for('@lifeline/inngest/queue-link') as never;

/** @internal The link of an `inngestQueue`, or `undefined` for any other queue. */
export function linkOf(queue: Queue): InngestQueueLink | undefined {
  return (queue as Queue & { [INNGEST_QUEUE_LINK]?: InngestQueueLink })[INNGEST_QUEUE_LINK];
}
