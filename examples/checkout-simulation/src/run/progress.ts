import type { LifelineHooks } from '@lifeline/core';
import type { ProgressSnapshot } from './display';

/** The purchase a piece of work is about, read off its idempotency key or payload (display only). */
function purchaseOfKey(key: string): string | undefined {
  const direct = /^(?:receipt|checkout-session):(pur_\w+)$/.exec(key);
  if (direct) return direct[1];
  const failedPayment = /^evt_(r\d+_\d+)_async_failed$/.exec(key);
  return failedPayment ? `pur_${failedPayment[1]}` : undefined;
}

function purchaseOfPayload(payload: unknown): string | undefined {
  const value = payload as { purchaseId?: unknown; data?: { object?: { client_reference_id?: unknown } } };
  const id = value?.purchaseId ?? value?.data?.object?.client_reference_id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Counts progress for the display from Lifeline's hooks: a purchase is finished when its receipt was
 * delivered or dead-lettered, its payment failed, or earlier work was dead-lettered. `start` is what a
 * resumed run had before the crash (read from the durable records). Alerts are not counted here: the
 * bar shows the alert channel's own count, the number the summary reports.
 */
export function progressTracker(
  total: number,
  start: { placed: number; finished: number; deadLetters: number },
  alerts: () => number,
) {
  const finished = new Set<string>();
  let placed = start.placed;
  let deadLetters = start.deadLetters;
  const finish = (id: string | undefined) => id && finished.add(id);
  const hooks: LifelineHooks = {
    onAttempt(record) {
      if (record.outcome === 'retrying' || record.outcome === 'duplicate') return;
      const id = purchaseOfKey(record.idempotencyKey);
      if (record.operation === 'purchase/email.send' || record.outcome === 'dead_lettered') finish(id);
      else if (record.operation.endsWith('async_payment_failed')) finish(id);
    },
    onDeadLetter(deadLetter) {
      deadLetters++;
      finish(purchaseOfPayload(deadLetter.payload));
    },
  };
  return {
    hooks,
    placedOne() {
      placed++;
    },
    snapshot(simulatedMs: number, inFlight: number): ProgressSnapshot {
      return {
        total,
        placed,
        inFlight,
        finished: Math.min(total, start.finished + finished.size),
        deadLetters,
        alerts: alerts(),
        simulatedMs,
      };
    },
  };
}
