import type { DeadLetter, DeadLetterStore, NewDeadLetter } from '../contracts/dead-letter-store';
import type { Logger } from '../contracts/logger';
import { describeError } from '../retry/serialize-error';
import type { AlertDispatcher } from './alert-dispatcher';
import { callHook, type LifelineHooks } from './hooks';

/**
 * Writes dead letters, and never loses one when the store is down: a failed write is logged with the
 * full entry, alerted critically, and kept in memory until `flush()` (called on every later record
 * and on drain) gets it into the store.
 */
export function deadLetterRecorder(options: {
  store: DeadLetterStore;
  dispatcher: AlertDispatcher;
  logger: Logger;
  hooks?: LifelineHooks;
}) {
  const unsaved: NewDeadLetter[] = [];
  const hookError = (error: unknown) =>
    options.logger.warn('lifeline: onDeadLetter hook threw', { error: describeError(error) });

  async function write(entry: NewDeadLetter): Promise<DeadLetter> {
    const saved = await options.store.record(entry);
    callHook(options.hooks?.onDeadLetter, [saved], hookError);
    return saved;
  }

  async function flush(): Promise<number> {
    let saved = 0;
    while (unsaved.length > 0) {
      const entry = unsaved[0]!;
      try {
        await write(entry);
      } catch {
        break;
      }
      unsaved.shift();
      saved++;
    }
    return saved;
  }

  return {
    /** Entries that could not be stored yet. */
    unsaved: (): readonly NewDeadLetter[] => unsaved,
    flush,
    /** Records `entry`; resolves `undefined` (and keeps it for a later flush) when the store fails. */
    async record(entry: NewDeadLetter): Promise<DeadLetter | undefined> {
      if (unsaved.length > 0) await flush();
      try {
        return await write(entry);
      } catch (error) {
        unsaved.push(entry);
        options.logger.error(
          'lifeline: dead-letter store failed; keeping the dead letter in memory until it recovers',
          {
            error: describeError(error),
            deadLetter: entry,
            unsaved: unsaved.length,
          },
        );
        await options.dispatcher.send({
          severity: 'critical',
          title: 'Dead-letter store is failing',
          message: `Could not record a failed "${entry.name}" operation: ${describeError(error)}. ${unsaved.length} failure(s) are held in memory only and will be lost if this process stops.`,
          fields: { operation: entry.name, idempotencyKey: entry.idempotencyKey, unsaved: unsaved.length },
          dedupeKey: 'lifeline:dead-letter-store-failing',
        });
        return undefined;
      }
    },
  };
}

/** The recorder `createLifeline` builds. */
export type DeadLetterRecorder = ReturnType<typeof deadLetterRecorder>;
