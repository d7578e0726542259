import type { Alert, Alerter, Clock, Logger } from '@lifeline/core';
import { type SlackAlerter, slackAlerter } from '@lifeline/slack';
import type { Journal } from './world/journal';

/** One alert as the alert channel received it. */
export interface AlertRecord {
  /** Epoch ms. */
  at: number;
  severity: Alert['severity'];
  title: string;
  message: string;
  fields: Record<string, string | number | boolean | null>;
  dedupeKey: string | null;
}

/** Options of {@link simulationAlerter}. */
export interface SimulationAlerterOptions {
  clock: Clock;
  journal: Journal<AlertRecord>;
  /** Where alerts are printed when Slack is not configured. */
  print: (line: string) => void;
  /** Alerts printed live before the rest are only counted (critical ones are always printed). */
  printLimit: number;
  logger: Logger;
  /** `SLACK_WEBHOOK_URL`: when set, alerts go to Slack instead of the console. */
  slackWebhookUrl?: string;
  adminUrl?: string;
  /** Alerts journaled at or after this time count toward {@link SimulationAlerter.count} (a resumed run's earlier ones). */
  countFrom?: number;
}

/** The simulation's alert channel. */
export interface SimulationAlerter extends Alerter {
  /** Alerts that reached the channel since `countFrom`: the number the summary reports, read as it grows. */
  count(): number;
  /** Sends what Slack's storm control still holds (a last digest) and waits for delivery. */
  close(): Promise<void>;
}

const ICON: Record<Alert['severity'], string> = { critical: '✖', warning: '▲', info: '•' };

/** A compact one-line rendering of an alert for the console. */
export function alertLine(alert: Alert): string {
  const fields = alert.fields ?? {};
  const key = fields.idempotencyKey ? ` · ${fields.idempotencyKey}` : '';
  const error = fields.error ? ` · ${fields.error}` : '';
  return `${ICON[alert.severity]} ${alert.severity.toUpperCase()} ${alert.title}${key}${error}`;
}

/**
 * The alert channel of the simulation: Slack when `SLACK_WEBHOOK_URL` is set, else a line on the
 * console (every critical alert, and the first few others; the rest are counted). Every alert that reached the channel is journaled,
 * which is how the invariant check knows each dead letter came with an alert.
 */
export function simulationAlerter(options: SimulationAlerterOptions): SimulationAlerter {
  const inner: SlackAlerter | undefined = options.slackWebhookUrl
    ? slackAlerter({
        webhookUrl: options.slackWebhookUrl,
        channelLabel: 'lifeline checkout simulation',
        ...(options.adminUrl ? { adminUrl: options.adminUrl } : {}),
        logger: options.logger,
      })
    : undefined;
  let printed = 0;
  const countFrom = options.countFrom ?? Number.POSITIVE_INFINITY;
  let reached = options.journal.read().filter((record) => record.at >= countFrom).length;
  return {
    close: async () => inner?.close(),
    count: () => reached,
    async alert(alert) {
      if (inner) {
        await inner.alert(alert);
      } else if (printed < options.printLimit || alert.severity === 'critical') {
        printed++;
        options.print(alertLine(alert));
        if (printed === options.printLimit) {
          options.print('  … further warnings are counted in the summary (critical alerts are still shown)');
        }
      }
      const fields: AlertRecord['fields'] = {};
      for (const [name, value] of Object.entries(alert.fields ?? {})) {
        if (value !== undefined) fields[name] = value;
      }
      options.journal.append({
        at: options.clock.now(),
        severity: alert.severity,
        title: alert.title,
        message: alert.message,
        fields,
        dedupeKey: alert.dedupeKey ?? null,
      });
      reached++;
    },
  };
}
