/**
 * Attribute names: OpenTelemetry's messaging semantic conventions, plus Lifeline's own under `lifeline.`.
 * Kept as constants so the spans, the metrics and the tests agree on every name.
 */
export const ATTR = {
  messagingSystem: 'messaging.system',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  destinationName: 'messaging.destination.name',
  messageId: 'messaging.message.id',
  /** The work's idempotency key: every delivery and attempt of one piece of work shares it. */
  conversationId: 'messaging.message.conversation_id',
  errorType: 'error.type',
  attempt: 'lifeline.attempt',
  outcome: 'lifeline.outcome',
  redriveOf: 'lifeline.redrive_of',
  kind: 'lifeline.operation.kind',
  retryable: 'lifeline.error.retryable',
  reason: 'lifeline.error.reason',
} as const;

/** `messaging.system` of every Lifeline span and metric. */
export const MESSAGING_SYSTEM = 'lifeline';

/** Metric names (durations in seconds, as the conventions ask). */
export const METRIC = {
  processDuration: 'messaging.process.duration',
  sentMessages: 'messaging.client.sent.messages',
  consumedMessages: 'messaging.client.consumed.messages',
  deadLettersOpen: 'lifeline.dead_letters.open',
  timeToSuccess: 'lifeline.operation.time_to_success',
} as const;

/**
 * What one attempt ended in, as `lifeline.outcome`: the operation log's outcomes, plus `deferred` for an
 * attempt that did not really run (another worker held the key, or a store was unavailable) and is tried
 * again under the same number.
 */
export type SpanOutcome = 'succeeded' | 'duplicate' | 'retrying' | 'deferred' | 'dead_lettered';
