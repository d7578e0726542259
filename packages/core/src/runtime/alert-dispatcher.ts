import type { Clock } from '../clock/clock';
import type { Alert, Alerter } from '../contracts/alerter';
import type { Logger } from '../contracts/logger';
import { describeError } from '../retry/serialize-error';
import { callHook, type LifelineHooks } from './hooks';

/** An alert as the dispatcher remembers it. */
export type DispatchedAlert = Alert & { at: number; delivered: boolean };

/** Counters of what happened to alerts. */
export interface AlertStats {
  sent: number;
  suppressed: number;
  failed: number;
}

/**
 * Sends alerts with dedupe and never throws: an alert whose `dedupeKey` was sent within `cooldownMs` is
 * suppressed and counted; an alerter that throws is logged and counted. Keeps the last 100 alerts.
 */
export function alertDispatcher(options: {
  alerter: Alerter;
  clock: Clock;
  logger: Logger;
  cooldownMs: number;
  hooks?: LifelineHooks;
}) {
  const lastSent = new Map<string, number>();
  const recent: DispatchedAlert[] = [];
  const stats: AlertStats = { sent: 0, suppressed: 0, failed: 0 };
  const hookError = (error: unknown) =>
    options.logger.warn('lifeline: onAlert hook threw', { error: describeError(error) });

  return {
    stats: (): AlertStats => ({ ...stats }),
    recent: (): readonly DispatchedAlert[] => recent,
    async send(alert: Alert): Promise<void> {
      const now = options.clock.now();
      if (alert.dedupeKey !== undefined) {
        const previous = lastSent.get(alert.dedupeKey);
        if (previous !== undefined && now - previous < options.cooldownMs) {
          stats.suppressed++;
          callHook(options.hooks?.onAlert, [alert, 'suppressed'], hookError);
          return;
        }
        lastSent.set(alert.dedupeKey, now);
      }
      let delivered = true;
      try {
        await options.alerter.alert(alert);
        stats.sent++;
      } catch (error) {
        delivered = false;
        stats.failed++;
        options.logger.error('lifeline: alerter failed; alert not delivered', {
          title: alert.title,
          severity: alert.severity,
          error: describeError(error),
        });
      }
      recent.unshift({ ...alert, at: now, delivered });
      if (recent.length > 100) recent.pop();
      callHook(options.hooks?.onAlert, [alert, delivered ? 'sent' : 'failed'], hookError);
    },
  };
}

/** The dispatcher `createLifeline` builds. */
export type AlertDispatcher = ReturnType<typeof alertDispatcher>;
