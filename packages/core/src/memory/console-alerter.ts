import type { Alerter, AlertSeverity } from '../contracts/alerter';
import type { Logger } from '../contracts/logger';
import { consoleLogger } from './logger';

const LEVEL_OF: Record<AlertSeverity, 'error' | 'warn' | 'info'> = {
  critical: 'error',
  warning: 'warn',
  info: 'info',
};

/**
 * The alerter used when none is configured: writes each alert as one structured log line
 * (`error` for critical, `warn` for warning, `info` for info) with its title, message, fields,
 * dedupe key and link, so alerts are never just lost. Never throws.
 *
 * @param options.logger Where the line goes. Default: {@link consoleLogger} (one JSON line on the console).
 *
 * @example
 * ```ts
 * // `console` fits the Logger contract; so do pino and winston loggers.
 * const lifeline = createLifeline({ operations, alerter: consoleAlerter({ logger: console }) });
 * ```
 */
export function consoleAlerter(options: { logger?: Logger } = {}): Alerter {
  const logger = options.logger ?? consoleLogger();
  return {
    async alert(alert) {
      try {
        logger[LEVEL_OF[alert.severity] ?? 'error'](`lifeline alert (${alert.severity}): ${alert.title}`, {
          alert: {
            severity: alert.severity,
            title: alert.title,
            message: alert.message,
            ...(alert.fields === undefined ? {} : { fields: alert.fields }),
            ...(alert.dedupeKey === undefined ? {} : { dedupeKey: alert.dedupeKey }),
            ...(alert.url === undefined ? {} : { url: alert.url }),
          },
        });
      } catch {
        // A broken logger must not turn an alert into a failed operation.
      }
    },
  };
}
