import type { Clock } from '../clock/clock';
import type { Logger } from '../contracts/logger';
import type { AttemptRecord, OperationLog } from '../contracts/operation-log';
import { ConfigurationError } from '../errors/state-errors';
import { isStoreUnavailableError } from '../errors/store-unavailable-error';
import { describeError } from '../retry/serialize-error';
import type { AlertDispatcher } from './alert-dispatcher';

/** How many operation-log rows are held in memory at most during an outage (about 0.5 KB each). */
export const DEFAULT_HELD_LOG_ROWS = 10_000;
/** First and longest wait between background attempts to write what is held. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/** What `drain` and `close` report about operation-log rows the log did not take. */
export interface UnsavedLogRows {
  /** Rows still held in memory (the log kept failing); lost if the process exits. */
  held: number;
  /** Rows not even held, because `held` had reached its bound during the outage; health undercounts them. */
  dropped: number;
}

/**
 * The runtime's operation log, which does not lose rows while the log's store is down.
 *
 * Guarantees: `append` never rejects because of an outage (`StoreUnavailableError` from the guarded log):
 * the row is held in memory, in order, and written back as soon as the log answers again: by a background
 * retry on the clock (1 s, doubling to 30 s), after any successful call the runtime makes to a store
 * (`nudge`), before every new append, and on `flush()` (called by `drain` and `close`). While rows are held,
 * a new row is held behind them (the log keeps the order attempts happened in). At most `limit` rows are
 * held; past it rows are counted as dropped, logged at error level with the full row, and one critical
 * alert says how many health will undercount; `drain`/`close` report both numbers. A row the store refuses
 * (not an outage: a bug) is rethrown to the caller, as before.
 */
export function heldOperationLog(options: {
  /** The log, guarded: its outages reject with `StoreUnavailableError`. */
  log: OperationLog;
  logger: Logger;
  clock: Clock;
  dispatcher: AlertDispatcher;
  /** Most rows held in memory; default {@link DEFAULT_HELD_LOG_ROWS}. */
  limit?: number;
}) {
  const { log, logger } = options;
  const limit = options.limit ?? DEFAULT_HELD_LOG_ROWS;
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new ConfigurationError(
      `createLifeline: maxHeldLogRows must be a whole number >= 0 (0 holds nothing), got ${String(limit)}`,
    );
  const held: AttemptRecord[] = [];
  let dropped = 0;
  let outage = 0;
  let droppedAlerted = false;
  let flushing: Promise<number> | undefined;
  let retryTimer: (() => void) | undefined;
  let retryDelay = RETRY_FIRST_MS;

  function hold(record: AttemptRecord, error: unknown) {
    if (held.length === 0 && dropped === 0) outage++;
    if (held.length >= limit) {
      dropped++;
      logger.error('lifeline: operation log is failing and the in-memory hold is full; this row is dropped', {
        record,
        held: held.length,
        dropped,
      });
      if (!droppedAlerted) {
        droppedAlerted = true;
        void options.dispatcher.send({
          severity: 'critical',
          title: `Operation log is failing: ${limit} rows held in memory, further rows dropped`,
          message: `The operation log has been failing (${describeError(error)}) long enough to fill the in-memory hold of ${limit} rows; rows past it are dropped (logged in full), so health will undercount attempts of this outage. drain() and close() report the count.`,
          fields: { heldLogRows: held.length, limit, outage },
          dedupeKey: `lifeline:log-rows-dropped:${outage}`,
        });
      }
    } else {
      held.push(record);
      if (held.length === 1 || held.length % 1_000 === 0)
        logger.warn('lifeline: operation log failed; holding rows in memory until it answers again', {
          error: describeError(error),
          held: held.length,
        });
    }
    scheduleRetry();
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = options.clock.setTimer(() => {
      retryTimer = undefined;
      void flush().then(() => {
        if (held.length > 0) {
          retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
          scheduleRetry();
        }
      });
    }, retryDelay);
  }

  async function flushNow(): Promise<number> {
    let written = 0;
    while (held.length > 0) {
      try {
        await log.append(held[0]!);
      } catch (error) {
        if (isStoreUnavailableError(error)) break;
        logger.error(
          'lifeline: operation log refused a held row; it is not retried (the row is in this log)',
          {
            record: held[0],
            error: describeError(error),
          },
        );
      }
      held.shift();
      written++;
    }
    if (held.length === 0) {
      retryTimer?.();
      retryTimer = undefined;
      retryDelay = RETRY_FIRST_MS;
      if (written > 0)
        logger.info('lifeline: operation log answers again; rows held in memory were written', {
          written,
          ...(dropped > 0 ? { dropped } : {}),
        });
      droppedAlerted = false;
    }
    return written;
  }

  /** Writes what is held, in order, until the log fails; resolves how many were written. Single flight. */
  function flush(): Promise<number> {
    if (flushing) return flushing;
    // `flushing` is set before `flushNow` starts: a log that answers at once (memory, maybe-sync) makes
    // the guard call `nudge` synchronously from inside `flushNow`, which must see this flush in flight.
    let settle!: (written: number) => void;
    let fail!: (error: unknown) => void;
    const current = new Promise<number>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    flushing = current;
    flushNow().then(
      (written) => {
        flushing = undefined;
        settle(written);
      },
      (error: unknown) => {
        flushing = undefined;
        fail(error);
      },
    );
    return current;
  }

  const writer: OperationLog = {
    async append(record) {
      if (held.length > 0) await flush();
      if (held.length > 0) return hold(record, new Error('rows are still held'));
      try {
        await log.append(record);
      } catch (error) {
        if (!isStoreUnavailableError(error)) throw error;
        hold(record, error.cause ?? error);
      }
    },
    summarize: (window) => log.summarize(window),
    histogram: (window, bucketMs) => log.histogram(window, bucketMs),
    attempts: (query) => log.attempts(query),
  };

  return {
    /** The log as the worker writes it. */
    log: writer,
    flush,
    /** A store answered: if rows are held, try to write them now. Cheap when nothing is held. */
    nudge() {
      if (held.length > 0 && !flushing) void flush();
    },
    /** What is not in the log: rows held now, rows dropped since the process started. */
    unsaved: (): UnsavedLogRows => ({ held: held.length, dropped }),
    /** Rows held in memory, oldest first. */
    held: (): readonly AttemptRecord[] => held,
    /** Stops the background retry (the process is closing); what is held stays in `held()`. */
    stop() {
      retryTimer?.();
      retryTimer = undefined;
    },
  };
}

/** The held log `createLifeline` builds. */
export type HeldOperationLog = ReturnType<typeof heldOperationLog>;
