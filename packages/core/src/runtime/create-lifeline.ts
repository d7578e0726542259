import { randomUUID } from 'node:crypto';
import { systemClock } from '../clock/system-clock';
import type { NewDeadLetter } from '../contracts/dead-letter-store';
import type { Mailer } from '../contracts/mailer';
import type { QueueDrainReport } from '../contracts/queue';
import { ConfigurationError } from '../errors/state-errors';
import { ValidationError } from '../errors/validation-error';
import { computeHealth } from '../health/compute-health';
import { DEFAULT_HEALTH_TARGETS } from '../health/default-targets';
import { healthMonitor } from '../health/health-monitor';
import type { HealthReport, HealthTargets } from '../health/health-types';
import { consoleAlerter } from '../memory/console-alerter';
import { consoleLogger } from '../memory/logger';
import { memoryAlertStore } from '../memory/memory-alert-store';
import { memoryBulkJobStore } from '../memory/memory-bulk-job-store';
import { memoryDeadLetterStore } from '../memory/memory-dead-letter-store';
import { memoryIdempotencyStore } from '../memory/memory-idempotency-store';
import { memoryIncidentStore } from '../memory/memory-incident-store';
import { memoryOperationLog } from '../memory/memory-operation-log';
import { memoryThrottleStore } from '../memory/memory-throttle-store';
import { describeError } from '../retry/serialize-error';
import { createThrottle } from '../throttle/throttle';
import { bulkJobRunner } from '../triage/bulk-job-runner';
import { incidents } from '../triage/incidents';
import { adminActions } from './admin-actions';
import { alertDispatcher } from './alert-dispatcher';
import { deadLetterRecorder } from './dead-letter-recorder';
import type { AnyOperation } from './define-operation';
import { heldOperationLog } from './held-operation-log';
import { inProcessQueue } from './in-process-queue';
import type { Lifeline, LifelineDrainReport, LifelineOptions } from './lifeline-types';
import type { SendOptions, SendReceipt } from './send-options';
import { checkSmsNeed, missingSmsSender } from './sms-need';
import { guardStore } from './store-guard';
import { createWorker } from './worker';

const DAY_MS = 86_400_000;

/** `SendOptions.at` as epoch ms, or a ValidationError naming the value. */
function runAtOf(at: number | Date, operation: string): number {
  const value = at instanceof Date ? at.getTime() : at;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(`send options for "${operation}"`, [
      { path: 'at', message: 'must be a finite epoch ms number or a valid Date', received: at },
    ]);
  }
  return value;
}

/** Refuses a configuration that lacks what an operation declared in `needs`. */
function checkNeeds(operations: Iterable<AnyOperation>, options: LifelineOptions): void {
  if (options.mailer) return;
  const needMailer = [...operations].filter((operation) => operation.needs?.includes('mailer'));
  if (needMailer.length === 0) return;
  const names = needMailer.map((operation) => `"${operation.name}"`).join(', ');
  throw new ConfigurationError(
    `Operation ${names} ${needMailer.length === 1 ? 'needs' : 'need'} a mailer (needs: ['mailer']), but createLifeline was given none: ` +
      'pass `mailer` (e.g. resendMailer({ client }) from @lifeline/resend, or memoryMailer() in tests)',
  );
}

/** The fingerprint inside a default idempotency key (`<name>:sha256:…`), when the key is the default. */
function defaultKeyFingerprint(
  operation: AnyOperation,
  key: string,
  sendOptions: SendOptions,
): string | undefined {
  if (operation.idempotencyKey || sendOptions.idempotencyKey !== undefined) return undefined;
  return key.startsWith(`${operation.name}:sha256:`) ? key.slice(operation.name.length + 1) : undefined;
}

function missingMailer(): Mailer {
  return {
    send: async () => {
      throw new ConfigurationError(
        'No mailer configured: pass `mailer` to createLifeline (e.g. resendMailer({ client }) from @lifeline/resend)',
      );
    },
  };
}

/**
 * Creates the runtime: registers operations, connects the queue to the single execution path, and
 * exposes `send`, admin actions (redrive, resolve, bulk) and health.
 *
 * Refuses to start (`ConfigurationError` naming the operation) when an operation declares
 * `needs: ['mailer']` and no `mailer` is given (or `needs: ['sms']` and no `sms`).
 *
 * Defaults make a first try need no configuration: in-process queue, in-memory stores (said once in the
 * log, since they are lost on restart), console alerter, console logger, system clock.
 *
 * @example
 * ```ts
 * const lifeline = createLifeline({ operations: [sendReceipt], mailer, alerter });
 * await lifeline.send(sendReceipt, { purchaseId: 'p_1', email: 'ada@example.com' });
 * ```
 */
export function createLifeline(options: LifelineOptions): Lifeline {
  const operations = new Map<string, AnyOperation>();
  for (const operation of options.operations ?? []) {
    if (operations.has(operation.name))
      throw new ConfigurationError(`Two operations are named "${operation.name}"; names must be unique`);
    operations.set(operation.name, operation);
  }
  checkNeeds(operations.values(), options);
  checkSmsNeed(operations.values(), options.sms);
  const clock = options.clock ?? systemClock();
  const logger = options.logger ?? consoleLogger();
  const inMemory = (['deadLetters', 'idempotency', 'log'] as const).filter((name) => !options[name]);
  if (inMemory.length > 0) {
    logger.info(
      `lifeline: using in-memory ${inMemory.join(', ')}; they are lost on restart. Pass durable stores (e.g. @lifeline/postgres) in production.`,
    );
  }
  const deadLetters = options.deadLetters ?? memoryDeadLetterStore({ clock });
  const idempotency = options.idempotency ?? memoryIdempotencyStore();
  const log = options.log ?? memoryOperationLog();
  const queue = options.queue ?? inProcessQueue();
  const alerter = options.alerter ?? consoleAlerter({ logger });
  const hooks = options.hooks ?? {};
  const instrumentation = options.instrumentation;
  const alerts = options.alerts ?? memoryAlertStore();
  const incidentStore = options.incidents ?? memoryIncidentStore();
  const targets: HealthTargets = { ...DEFAULT_HEALTH_TARGETS, ...options.health };
  const dispatcher = alertDispatcher({
    alerter,
    clock,
    logger,
    cooldownMs: options.alertCooldownMs ?? 10 * 60_000,
    hooks,
    alerts,
    incidents: incidentStore,
  });
  // The runtime's own store calls go through guards: a store outage becomes StoreUnavailableError (never
  // an attempt spent), and any answer from a store flushes dead letters held in memory.
  const nudge = () => {
    recorder.nudge();
    heldLog.nudge();
  };
  const recorder = deadLetterRecorder({
    store: guardStore(deadLetters, 'deadLetters', () => {}),
    dispatcher,
    logger,
    clock,
    hooks,
  });
  // Operation-log rows of attempts that end while the log is down are held and written back, like dead letters.
  const heldLog = heldOperationLog({
    log: guardStore(log, 'log', nudge),
    logger,
    clock,
    dispatcher,
    limit: options.maxHeldLogRows,
  });
  const monitor = healthMonitor();
  const actions = adminActions({
    deadLetters,
    queue,
    clock,
    operations,
    newId: () => `evt_${randomUUID()}`,
    redriveLeaseMs: options.redriveLeaseMs,
  });
  const bulkJobs = bulkJobRunner({
    store: options.bulkJobs ?? memoryBulkJobStore(),
    deadLetters,
    actions,
    operations,
    clock,
    logger,
  });

  function resolveOperation(operation: AnyOperation | string): AnyOperation {
    const name = typeof operation === 'string' ? operation : operation.name;
    const registered = operations.get(name);
    if (!registered)
      throw new ConfigurationError(
        `No operation named "${name}" is registered; add it to createLifeline({ operations })`,
      );
    return registered;
  }

  async function send(
    operation: AnyOperation | string,
    data: unknown,
    sendOptions: SendOptions = {},
  ): Promise<SendReceipt> {
    const registered = resolveOperation(operation);
    const parsed = registered.parse(data);
    const runAt = sendOptions.at === undefined ? undefined : runAtOf(sendOptions.at, registered.name);
    const idempotencyKey = sendOptions.idempotencyKey ?? registered.keyFor(parsed);
    // Validated here, once: the worker does not parse this event again, and when the key is the default
    // (made of the payload's fingerprint) it reuses that fingerprint instead of hashing the payload twice.
    const event = worker.sentEvent(
      sendOptions.eventId ?? `evt_${randomUUID()}`,
      registered.name,
      registered.kind,
      parsed,
      idempotencyKey,
      sendOptions.enqueuedAt ?? clock.now(),
      runAt,
      defaultKeyFingerprint(registered, idempotencyKey, sendOptions),
    );
    if (instrumentation) await instrumentation.wrapSend(event, () => queue.enqueue(event));
    else await queue.enqueue(event);
    return { eventId: event.id, idempotencyKey };
  }

  const worker = createWorker({
    operations,
    idempotency,
    runtimeIdempotency: guardStore(idempotency, 'idempotency', nudge),
    deadLetters,
    log: heldLog.log,
    throttle: createThrottle({
      store: guardStore(options.throttleStore ?? memoryThrottleStore(), 'throttle', nudge),
      clock,
    }),
    recorder,
    dispatcher,
    clock,
    logger,
    mailer: options.mailer ?? missingMailer(),
    sms: options.sms ?? missingSmsSender(),
    // `ctx.alerter` goes through the dispatcher too: dedupe, muted incidents, the alert store, onAlert.
    alerter: { alert: (alert) => dispatcher.send(alert) },
    hooks,
    random: options.random ?? Math.random,
    adminUrl: options.adminUrl,
    send: (operation, data, sendOptions) => send(operation, data, sendOptions),
    onFinal: (event, result) => actions.notifyFinal(event, result),
    instrumentation,
  });
  queue.start(
    {
      runAttempt: worker.runAttempt,
      async giveUp(event, error, attempt) {
        await worker.logOutcome(event, attempt, 'dead_lettered', clock.now(), error);
        await worker.finalFailure(event, error, attempt);
        return { status: 'failed', error };
      },
    },
    instrumentation ? { clock, logger, instrumentation } : { clock, logger },
  );
  // Jobs a stopped process left running continue here (those whose lease has expired).
  if (options.bulkJobs) {
    bulkJobs
      .resume()
      .catch((error) =>
        logger.error('lifeline: could not resume bulk jobs', { error: describeError(error) }),
      );
  }

  async function health(healthOptions: { windowMs?: number } = {}): Promise<HealthReport> {
    const windowMs = healthOptions.windowMs ?? DAY_MS;
    if (!Number.isFinite(windowMs) || windowMs <= 0) {
      throw new ValidationError('health options', [
        { path: 'windowMs', message: 'must be a finite number of milliseconds > 0', received: windowMs },
      ]);
    }
    // The window ends now, inclusive: the log counts `from <= at < to`.
    const to = clock.now() + 1;
    const from = to - windowMs;
    const [kinds, openDeadLetters] = await Promise.all([
      log.summarize({ from, to }),
      deadLetters.count({ status: 'open' }),
    ]);
    return computeHealth({ kinds, openDeadLetters, targets, from, to });
  }

  /** Writes what the recorder holds; logs and returns the dead letters that still could not be written. */
  async function flushHeld(during: 'drain' | 'close') {
    await Promise.all([recorder.flush(), heldLog.flush()]);
    const rows = heldLog.unsaved();
    if (rows.held > 0 || rows.dropped > 0) {
      logger.error(`lifeline: operation-log rows not in the log at ${during}`, {
        ...rows,
        ...(rows.held > 0 && during === 'close'
          ? { lost: 'held rows are lost when this process exits' }
          : {}),
      });
    }
    const unsaved = recorder.unsaved();
    if (recorder.held().length > 0) {
      logger.error(`lifeline: the dead-letter store is still failing at ${during}; writes held in memory`, {
        held: recorder.held(),
        ...(during === 'close' ? { lost: 'they are lost when this process exits' } : {}),
      });
    }
    return unsaved;
  }

  const withUnsaved = (report: QueueDrainReport, unsaved: NewDeadLetter[]): LifelineDrainReport => {
    const rows = heldLog.unsaved();
    return {
      ...report,
      ...(unsaved.length > 0 ? { unsavedDeadLetters: unsaved } : {}),
      ...(rows.held > 0 || rows.dropped > 0 ? { unsavedLogRows: rows } : {}),
    };
  };

  // Event ids already recorded by `recordFailure`, so a re-delivered failure report writes nothing twice.
  const recorded = new Set<string>();

  return {
    send: send as Lifeline['send'],
    operations,
    deadLetters,
    idempotency,
    log,
    alerts,
    incidents: incidents({ deadLetters, store: incidentStore, clock }),
    bulkJobs,
    queue,
    clock,
    logger,
    worker,
    async recordFailure(event, error, attempts) {
      if (recorded.has(event.id)) return undefined;
      recorded.add(event.id);
      if (recorded.size > 10_000) recorded.delete(recorded.values().next().value as string);
      await worker.logOutcome(event, attempts, 'dead_lettered', clock.now(), error);
      return worker.finalFailure(event, error, attempts);
    },
    async cancel(idempotencyKey) {
      if (!queue.cancel)
        throw new ConfigurationError(
          'lifeline.cancel: this queue cannot cancel work (it has no cancel method); use inProcessQueue() or postgresQueue() from @lifeline/postgres',
        );
      if (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0)
        throw new ValidationError('cancel', [
          { path: 'idempotencyKey', message: 'must be a non-empty string', received: idempotencyKey },
        ]);
      return queue.cancel(idempotencyKey);
    },
    redrive: actions.redrive,
    resolve: actions.resolve,
    bulk: actions.bulk,
    health,
    async checkHealth(healthOptions) {
      const report = await health(healthOptions);
      for (const alert of monitor.alertsFor(report)) await dispatcher.send(alert);
      return report;
    },
    alert: (alert) => dispatcher.send(alert),
    recentAlerts: () => dispatcher.recent(),
    async drain() {
      const report = await queue.drain();
      return withUnsaved(report, await flushHeld('drain'));
    },
    async close(closeOptions) {
      await bulkJobs.stop();
      const report = await queue.close(closeOptions);
      const unsaved = await flushHeld('close');
      recorder.stop();
      heldLog.stop();
      return withUnsaved(report, unsaved);
    },
  };
}
