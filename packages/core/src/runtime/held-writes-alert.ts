import type { Clock } from '../clock/clock';
import type { AlertDispatcher } from './alert-dispatcher';

/** How long to let a burst of failed writes gather before the first alert, so it carries the real count. */
export const HELD_ALERT_DEBOUNCE_MS = 1_000;

/**
 * The alerts of a dead-letter store outage, without a storm: one critical alert a moment after the first
 * dead letter is held in memory, carrying the number held by then; another only each time that number
 * has doubled since the last alert; and one notice when everything held was written. Each outage has
 * its own dedupe keys, so the dispatcher's cooldown never hides the first alert of a new outage.
 */
export function heldWritesAlert(options: {
  dispatcher: AlertDispatcher;
  clock: Clock;
  /** How many dead letters, and redrive results, are held right now. */
  held: () => { deadLetters: number; redriveResults: number; lastError: string };
}) {
  let outage = 0;
  let alertedCount = 0;
  let inOutage = false;
  let timer: (() => void) | undefined;

  function send() {
    timer = undefined;
    const { deadLetters, redriveResults, lastError } = options.held();
    const total = deadLetters + redriveResults;
    if (total === 0 || total < alertedCount * 2) return;
    alertedCount = total;
    const extra = redriveResults > 0 ? ` and ${redriveResults} redrive result(s)` : '';
    void options.dispatcher.send({
      severity: 'critical',
      title: `Dead-letter store is failing: ${deadLetters} dead letter(s) held in memory`,
      message: `${deadLetters} dead letter(s)${extra} are held in memory only because the dead-letter store is failing (${lastError}). They are written back as soon as it answers again, and lost if this process stops first.`,
      fields: { heldDeadLetters: deadLetters, heldRedriveResults: redriveResults, outage },
      dedupeKey: `lifeline:dead-letters-held:${outage}:${Math.floor(Math.log2(total))}`,
    });
  }

  return {
    /** Something more is held: alert soon (debounced) if it is the first or the count doubled. */
    grew() {
      if (!inOutage) {
        inOutage = true;
        outage++;
        alertedCount = 0;
      }
      timer ??= options.clock.setTimer(send, HELD_ALERT_DEBOUNCE_MS);
    },
    /** Everything held was written: say so once, if the outage was alerted. */
    async recovered(written: number) {
      timer?.();
      timer = undefined;
      if (!inOutage) return;
      inOutage = false;
      if (alertedCount === 0) return;
      alertedCount = 0;
      await options.dispatcher.send({
        severity: 'info',
        title: 'Dead-letter store recovered: dead letters held in memory were written',
        message: `The dead-letter store answers again; ${written} held write(s) were stored and nothing is held in memory any more.`,
        fields: { written, outage },
        dedupeKey: `lifeline:dead-letters-held:${outage}:recovered`,
      });
    },
    /** Stops the pending alert timer. */
    stop() {
      timer?.();
      timer = undefined;
    },
  };
}
