import type { Clock } from '../clock/clock';
import type { AlertStore } from '../contracts/alert-store';
import type { Alert, Alerter } from '../contracts/alerter';
import type { IncidentStore } from '../contracts/incident-store';
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
  /** Alerts suppressed because their incident (`fields.errorFingerprint`) is muted. */
  muted: number;
  /** Alerts sent whose record could not be written to the alert store. */
  unrecorded: number;
}

/**
 * Sends alerts with dedupe and never throws: an alert whose `dedupeKey` was sent within `cooldownMs` is
 * suppressed and counted; an alert whose `fields.errorFingerprint` names an incident muted until later than
 * now is suppressed and counted as `muted`; an alerter that throws is logged and counted.
 * Every alert it sends, delivered or not, is appended to `alerts` (when given) with `delivered` and the
 * delivery error; a failing alert store is logged and counted, never thrown. Keeps the last 100 in memory too.
 */
export function alertDispatcher(options: {
  alerter: Alerter;
  clock: Clock;
  logger: Logger;
  cooldownMs: number;
  hooks?: LifelineHooks;
  alerts?: AlertStore;
  incidents?: IncidentStore;
}) {
  const lastSent = new Map<string, number>();
  const recent: DispatchedAlert[] = [];
  const stats: AlertStats = { sent: 0, suppressed: 0, failed: 0, muted: 0, unrecorded: 0 };
  const hookError = (error: unknown) =>
    options.logger.warn('lifeline: onAlert hook threw', { error: describeError(error) });

  async function isMuted(alert: Alert, now: number): Promise<boolean> {
    const fingerprint = alert.fields?.errorFingerprint;
    if (!options.incidents || typeof fingerprint !== 'string') return false;
    try {
      const state = await options.incidents.get(fingerprint);
      return state?.mutedUntil !== undefined && state.mutedUntil > now;
    } catch (error) {
      // An unreadable incident store must not hide an alert: send it.
      options.logger.warn('lifeline: incident store failed; alert sent unmuted', {
        error: describeError(error),
      });
      return false;
    }
  }

  async function record(entry: Parameters<AlertStore['append']>[0]): Promise<void> {
    if (!options.alerts) return;
    try {
      await options.alerts.append(entry);
    } catch (error) {
      stats.unrecorded++;
      options.logger.error('lifeline: alert store failed; alert not recorded', {
        title: entry.title,
        error: describeError(error),
      });
    }
  }

  return {
    stats: (): AlertStats => ({ ...stats }),
    recent: (): readonly DispatchedAlert[] => recent,
    async send(alert: Alert): Promise<void> {
      const now = options.clock.now();
      if (await isMuted(alert, now)) {
        stats.muted++;
        callHook(options.hooks?.onAlert, [alert, 'suppressed'], hookError);
        return;
      }
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
      let deliveryError: string | undefined;
      try {
        await options.alerter.alert(alert);
        stats.sent++;
      } catch (error) {
        delivered = false;
        deliveryError = describeError(error).slice(0, 1000);
        stats.failed++;
        options.logger.error('lifeline: alerter failed; alert not delivered', {
          title: alert.title,
          severity: alert.severity,
          error: describeError(error),
        });
      }
      recent.unshift({ ...alert, at: now, delivered });
      if (recent.length > 100) recent.pop();
      await record({ ...alert, at: now, delivered, ...(deliveryError ? { error: deliveryError } : {}) });
      callHook(options.hooks?.onAlert, [alert, delivered ? 'sent' : 'failed'], hookError);
    },
  };
}

/** The dispatcher `createLifeline` builds. */
export type AlertDispatcher = ReturnType<typeof alertDispatcher>;
