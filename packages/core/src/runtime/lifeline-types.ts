import type { Clock } from '../clock/clock';
import type { AlertStore } from '../contracts/alert-store';
import type { Alert, Alerter } from '../contracts/alerter';
import type { BulkJobStore } from '../contracts/bulk-job-store';
import type { DeadLetter, DeadLetterStore, NewDeadLetter } from '../contracts/dead-letter-store';
import type { IdempotencyStore } from '../contracts/idempotency-store';
import type { IncidentStore } from '../contracts/incident-store';
import type { Logger } from '../contracts/logger';
import type { Mailer } from '../contracts/mailer';
import type { OperationLog } from '../contracts/operation-log';
import type { CancelResult, Queue, QueueDrainReport, QueuedEvent, QueueWorker } from '../contracts/queue';
import type { SmsSender } from '../contracts/sms-sender';
import type { ThrottleStore } from '../contracts/throttle-store';
import type { HealthOptions, HealthReport, HealthTargets } from '../health/health-types';
import type { BulkJobs } from '../triage/bulk-job-runner';
import type { Incidents } from '../triage/incidents';
import type { BulkRequest, RedriveOptions } from './admin-actions';
import type { AnyOperation, OperationInput } from './define-operation';
import type { UnsavedLogRows } from './held-operation-log';
import type { LifelineHooks } from './hooks';
import type { LifelineInstrumentation } from './instrumentation';
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
  /** Where every sent alert is recorded (delivered or not). Default: `memoryAlertStore()`. */
  alerts?: AlertStore;
  /** Operator state of incidents (acknowledged, resolved, muted). Default: `memoryIncidentStore()`. */
  incidents?: IncidentStore;
  /** Durable bulk jobs; a durable store lets a restarted process resume them. Default: `memoryBulkJobStore()`. */
  bulkJobs?: BulkJobStore;
  mailer?: Mailer;
  /** Sends texts for operations with `needs: ['sms']` (e.g. `twilioSmsSender` from `@lifeline/twilio`). */
  sms?: SmsSender;
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
  /**
   * How long a redrive is presumed running before its dead letter reopens when it has not settled (the
   * process running it died); default 15 minutes. Set it above the longest a redrive takes, retries included.
   */
  redriveLeaseMs?: number;
  /**
   * Most operation-log rows held in memory while the log's store is down (written back when it answers);
   * default 10,000. Rows past it are dropped, counted in `drain`/`close` and alerted once.
   */
  maxHeldLogRows?: number;
  /** Tracing and metrics (e.g. `lifelineOtel()` from `@lifeline/otel`); absent: no cost at all. */
  instrumentation?: LifelineInstrumentation;
}

/** What `drain` and `close` report: the queue's report, and the dead letters that could not be stored. */
export interface LifelineDrainReport extends QueueDrainReport {
  /**
   * Dead letters still held in memory because the dead-letter store kept failing (also logged in full).
   * Absent when everything reached the store.
   */
  unsavedDeadLetters?: NewDeadLetter[];
  /**
   * Operation-log rows not in the log: still held in memory (the log kept failing), and dropped because
   * the in-memory hold was full (`maxHeldLogRows`). Absent when every row reached the log.
   */
  unsavedLogRows?: UnsavedLogRows;
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
  /** Every alert sent, delivered or not (durable when a durable store was given). */
  readonly alerts: AlertStore;
  /** Dead letters grouped by error fingerprint, with acknowledge / resolve / mute. */
  readonly incidents: Incidents;
  /** Persistent bulk redrive / resolve with progress, canary, pacing, abort and an audit trail. */
  readonly bulkJobs: BulkJobs;
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
  /** Alerts this process sent recently (newest first, at most 100); `alerts.list()` has them all. */
  recentAlerts(): readonly (Alert & { at: number; delivered: boolean })[];
  /** Waits until the queue is idle, then writes dead letters held in memory; reports any it could not write. */
  drain(): Promise<LifelineDrainReport>;
  /**
   * Stops accepting work, waits up to `timeoutMs` for running attempts, writes dead letters held in memory,
   * and reports what was left (work not done, dead letters not written).
   */
  close(options?: { timeoutMs?: number }): Promise<LifelineDrainReport>;
}
