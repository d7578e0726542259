import type { Attributes } from '@opentelemetry/api';
import { ATTR, MESSAGING_SYSTEM, type SpanOutcome } from './attributes';

/**
 * What every event of one operation shares: its span names and its metric attribute sets (one per
 * outcome). Made once per operation name and reused, so recording a metric allocates no attribute object.
 * The sets are frozen: a failure's `error.type` goes on a copy.
 */
export interface OperationAttributes {
  /** `send {operation}` */
  readonly sendSpan: string;
  /** `process {operation}` */
  readonly processSpan: string;
  /** `messaging.client.sent.messages` of a send the queue accepted. */
  readonly sent: Attributes;
  /** `messaging.client.consumed.messages` and `messaging.process.duration`, by `lifeline.outcome`. */
  readonly processed: Readonly<Record<SpanOutcome, Attributes>>;
  /** `lifeline.operation.time_to_success`. */
  readonly succeeded: Attributes;
}

const OUTCOMES: readonly SpanOutcome[] = ['succeeded', 'duplicate', 'retrying', 'deferred', 'dead_lettered'];

/** The {@link OperationAttributes} of the operation named `name`. */
export function operationAttributes(name: string): OperationAttributes {
  const processed = {} as Record<SpanOutcome, Attributes>;
  for (const outcome of OUTCOMES) {
    processed[outcome] = Object.freeze({
      [ATTR.messagingSystem]: MESSAGING_SYSTEM,
      [ATTR.operationName]: 'process',
      [ATTR.destinationName]: name,
      [ATTR.outcome]: outcome,
    });
  }
  return Object.freeze({
    sendSpan: `send ${name}`,
    processSpan: `process ${name}`,
    sent: Object.freeze({
      [ATTR.messagingSystem]: MESSAGING_SYSTEM,
      [ATTR.operationName]: 'send',
      [ATTR.destinationName]: name,
    }),
    processed: Object.freeze(processed),
    succeeded: Object.freeze({ [ATTR.messagingSystem]: MESSAGING_SYSTEM, [ATTR.destinationName]: name }),
  });
}
