/** Options for `lifeline.send`. */
export interface SendOptions {
  /** Overrides the operation's derived idempotency key (e.g. a Stripe event id). */
  idempotencyKey?: string;
  /** Overrides the delivery id (default: a new random id). */
  eventId?: string;
  /** Epoch ms the work was first sent, when re-sending older work (outbox relay). Default: now. */
  enqueuedAt?: number;
  /**
   * Run no earlier than this time (epoch ms or a Date): a delayed send. Carried as `QueuedEvent.runAt`;
   * a time in the past runs at once. Default: at once.
   */
  at?: number | Date;
}

/** What `lifeline.send` resolves with once the queue accepted the work. */
export interface SendReceipt {
  eventId: string;
  idempotencyKey: string;
}
