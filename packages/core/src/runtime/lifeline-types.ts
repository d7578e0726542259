import type { Clock } from '../clock/clock';
import type { Alert, Alerter } from '../contracts/alerter';
import type { DeadLetter, DeadLetterStore } from '../contracts/dead-letter-store';
import type { IdempotencyStore } from '../contracts/idempotency-store';
import type { Logger } from '../contracts/logger';
import type { Mailer } from '../contracts/mailer';
import type { OperationLog } from '../contracts/operation-log';
import type { CancelResult, Queue, QueueDrainReport, QueuedEvent, QueueWorker } from '../contracts/queue';
import type { ThrottleStore } from '../contracts/throttle-store';
import type { HealthOptions, HealthReport, HealthTargets } from '../health/health-types';
import type { BulkRequest, RedriveOptions } from './admin-actions';
import type { AnyOperation, OperationInput } from './define-operation';
import type { LifelineHooks } from './hooks';
import type { SendOptions, SendReceipt } from './send-options';

/** Everything `createLifeline` accepts. Only `operations` is required: the rest defaults to in-memory. */
export interface LifelineOptions {
  operations: readonly AnyOperation[];
  /** Default: `inProcessQueue()` (not durable across a crash). */
  queue?: Queue;
  /** Default: in-memory (lost on restart; said once in the log). */
  deadLetters?: DeadLetterStore;
  idempotency?: IdempotencyStore;
  log?: OperationLog;
  throttleStore?: ThrottleStore;
  mailer?: Mailer;
  /** Default: `consoleAlerter()`, so alerts are never just lost. */
  alerter?: Alerter;
  logger?: Logger;
  clock?: Clock;
  /** Health targets and alert thresholds (defaults from the incident's runbook). */
  health?: Partial<HealthTargets>;
  /** Alerts with one dedupe key within this window are sent once; default 10 minutes. */
  alertCooldownMs?: number;
  /** Used to build links in alerts: `${adminUrl}/failed-operations/${id}`. */
  adminUrl?: string;
  hooks?: LifelineHooks;
  /** Random source for backoff jitter (tests pass a seeded one). */
  random?: () => number;
}

/** Who acts on a dead letter, and why. */
export interface AdminAction {
  by: string;
  note?: string;
}

/** What a redrive ended in. */
export type RedriveResult =
  | { id: string; status: 'resolved' }
  | { id: string; status: 'failed'; error: string }
  | { id: string; status: 'queued' };

/** A bulk action's plan or outcome for one entry. */
export interface BulkItemResult {
  id: string;
  status: 'planned' | 'resolved' | 'failed' | 'queued' | 'conflict' | 'not_found';
  error?: string;
}

/** The runtime: send work, run it, and manage what failed. */
export interface Lifeline {
  /** Validates, derives the idempotency key and enqueues; resolves when the queue accepted the work, throws when it refused. */
  send<O extends AnyOperation>(
    operation: O | string,
    data: OperationInput<O>,
    options?: SendOptions,
  ): Promise<SendReceipt>;
  /**
   * Cancels the work of an idempotency key that has not run yet: waiting deliveries are removed; a running
   * attempt finishes (its final result stands) and is not retried. Throws `ConfigurationError` when the
   * queue cannot cancel (`Queue.cancel` absent, e.g. Inngest).
   */
  cancel(idempotencyKey: string): Promise<CancelResult>;
  /** The operations, by name. */
  readonly operations: ReadonlyMap<string, AnyOperation>;
  readonly deadLetters: DeadLetterStore;
  readonly idempotency: IdempotencyStore;
  readonly log: OperationLog;
  readonly queue: Queue;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The single execution path every queue calls. */
  readonly worker: QueueWorker;
  /**
   * Records a final failure reported by a queue that does its own retrying (Inngest's onFailure):
   * the same dead letter, alert and log row as the in-process path. Idempotent per event id.
   */
  recordFailure(event: QueuedEvent, error: unknown, attempts: number): Promise<DeadLetter | undefined>;
  /** Re-runs a dead letter under its idempotency key; a concurrent second redrive throws InvalidTransitionError. */
  redrive(id: string, options: RedriveOptions): Promise<RedriveResult>;
  /** Closes a dead letter without running it. */
  resolve(id: string, action: AdminAction): Promise<DeadLetter>;
  /** Redrives or resolves every entry matching `filter` (or `ids`); `dryRun` only plans. */
  bulk(request: BulkRequest): Promise<BulkItemResult[]>;
  /** Health over a window (default 24 h): rates, counts and times with a status against each target. */
  health(options?: HealthOptions): Promise<HealthReport>;
  /** Computes health and alerts once per threshold crossing, and once on recovery. */
  checkHealth(options?: HealthOptions): Promise<HealthReport>;
  /** Sends an alert through the configured alerter with dedupe; never throws. */
  alert(alert: Alert): Promise<void>;
  /** Alerts that fired recently (newest first), for the dashboard. */
  recentAlerts(): readonly (Alert & { at: number; delivered: boolean })[];
  /** Waits until the queue is idle and pending dead letters are flushed. */
  drain(): Promise<QueueDrainReport>;
  /** Stops accepting work, waits up to `timeoutMs` for running attempts, and reports what was left. */
  close(options?: { timeoutMs?: number }): Promise<QueueDrainReport>;
}
