import type { Clock } from '../clock/clock';
import type {
  DeadLetter,
  DeadLetterStore,
  DeadLetterTransitionRequest,
  NewDeadLetter,
} from '../contracts/dead-letter-store';
import type { Logger } from '../contracts/logger';
import { isInvalidTransitionError, isNotFoundError } from '../errors/state-errors';
import { isStoreUnavailableError } from '../errors/store-unavailable-error';
import { describeError } from '../retry/serialize-error';
import type { AlertDispatcher } from './alert-dispatcher';
import { heldWritesAlert } from './held-writes-alert';
import { callHook, type LifelineHooks } from './hooks';

/** A write to the dead-letter store that failed and is held in memory until the store answers. */
export type HeldWrite =
  | { type: 'record'; entry: NewDeadLetter }
  | { type: 'settle'; id: string; request: DeadLetterTransitionRequest };

/** First and longest wait between background attempts to write what is held. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 60_000;

/**
 * Writes dead letters (and the settlement of redrives) and never loses one when the store is down.
 *
 * Guarantees: a write the store fails is logged with the full entry and held in memory, in order; what
 * is held is written back as soon as the store answers again: by a background retry on the clock
 * (1 s, doubling to 60 s; the system clock's timers never keep a process alive), after any successful
 * call the runtime makes to a store (`nudge`), before every new write, and on `flush()` (called by
 * `drain` and `close`, which report what still could not be written). A critical alert carries the true
 * number held, a notice follows when all is written (see {@link heldWritesAlert}). A redrive's
 * settlement that meets a conflict (an admin resolved the entry meanwhile) is dropped with a warning:
 * the admin's decision stands.
 */
export function deadLetterRecorder(options: {
  /** The store, guarded: its outages reject with `StoreUnavailableError`. */
  store: DeadLetterStore;
  dispatcher: AlertDispatcher;
  logger: Logger;
  clock: Clock;
  hooks?: LifelineHooks;
}) {
  const { store, logger } = options;
  const held: HeldWrite[] = [];
  let flushing: Promise<number> | undefined;
  let retryTimer: (() => void) | undefined;
  let retryDelay = RETRY_FIRST_MS;
  let writtenInOutage = 0;
  let lastError = '';
  const hookError = (error: unknown) =>
    logger.warn('lifeline: onDeadLetter hook threw', { error: describeError(error) });
  const alert = heldWritesAlert({
    dispatcher: options.dispatcher,
    clock: options.clock,
    held: () => {
      let deadLetters = 0;
      for (const write of held) if (write.type === 'record') deadLetters++;
      return { deadLetters, redriveResults: held.length - deadLetters, lastError };
    },
  });

  async function apply(write: HeldWrite): Promise<DeadLetter | undefined> {
    if (write.type === 'record') {
      const saved = await store.record(write.entry);
      callHook(options.hooks?.onDeadLetter, [saved], hookError);
      return saved;
    }
    try {
      return await store.transition(write.id, write.request);
    } catch (error) {
      if (!isInvalidTransitionError(error) && !isNotFoundError(error)) throw error;
      // An admin acted on it meanwhile (or the lease reopened it): their decision stands.
      logger.warn('lifeline: dead letter changed while its redrive ran; the redrive result is not applied', {
        id: write.id,
        to: write.request.to,
        error: describeError(error),
      });
      return undefined;
    }
  }

  function hold(write: HeldWrite, error: unknown) {
    held.push(write);
    lastError = describeError(isStoreUnavailableError(error) ? error.cause : error);
    logger.error('lifeline: dead-letter store failed; holding the write in memory until it answers again', {
      error: describeError(error),
      ...(write.type === 'record'
        ? { deadLetter: write.entry }
        : { id: write.id, transition: write.request }),
      held: held.length,
    });
    alert.grew();
    scheduleRetry();
  }

  /** The store answered but refused the write (a bug, not an outage): it can never succeed, so it is logged in full. */
  function refused(write: HeldWrite, error: unknown) {
    logger.error(
      'lifeline: dead-letter store refused a write; it is not retried (the full write is in this log)',
      {
        write,
        error: describeError(error),
      },
    );
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
      const write = held[0]!;
      try {
        await apply(write);
      } catch (error) {
        if (isStoreUnavailableError(error)) {
          lastError = describeError(error.cause);
          break;
        }
        refused(write, error);
      }
      held.shift();
      written++;
    }
    writtenInOutage += written;
    if (held.length === 0 && written > 0) {
      retryTimer?.();
      retryTimer = undefined;
      retryDelay = RETRY_FIRST_MS;
      const total = writtenInOutage;
      writtenInOutage = 0;
      await alert.recovered(total);
    }
    return written;
  }

  /** Writes what is held, in order, until the store fails; resolves how many were written. Single flight. */
  function flush(): Promise<number> {
    flushing ??= flushNow().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  async function write(next: HeldWrite): Promise<DeadLetter | undefined> {
    if (held.length > 0) await flush();
    // Still held: keep the order (an entry's settlement after its record), and do not hammer the store.
    if (held.length > 0) {
      hold(next, new Error(lastError));
      return undefined;
    }
    try {
      return await apply(next);
    } catch (error) {
      if (isStoreUnavailableError(error)) hold(next, error);
      else refused(next, error);
      return undefined;
    }
  }

  return {
    /** What is held in memory, oldest first. */
    held: (): readonly HeldWrite[] => held,
    /** Dead letters held in memory (not yet in the store). */
    unsaved: (): NewDeadLetter[] => held.flatMap((w) => (w.type === 'record' ? [w.entry] : [])),
    flush,
    /** A store answered: if anything is held, try to write it now. Cheap when nothing is held. */
    nudge() {
      if (held.length > 0 && !flushing) void flush();
    },
    /** Records `entry`; resolves `undefined` (and holds it) when the store fails. */
    record: (entry: NewDeadLetter) => write({ type: 'record', entry }),
    /** Settles a redrive (`retrying → resolved | open`); held like a record when the store fails. */
    settle: (id: string, request: DeadLetterTransitionRequest) => write({ type: 'settle', id, request }),
    /** Stops the background retry (the process is closing); what is held stays in `held()`. */
    stop() {
      retryTimer?.();
      retryTimer = undefined;
      alert.stop();
    },
  };
}

/** The recorder `createLifeline` builds. */
export type DeadLetterRecorder = ReturnType<typeof deadLetterRecorder>;
