/** How urgent an alert is: `critical` pages someone, `warning` needs a look today, `info` is for the record. */
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** A message for the people who keep the app running. */
export interface Alert {
  severity: AlertSeverity;
  title: string;
  message: string;
  /** Short facts shown as a table (operation, attempts, error). Values are shown as text. */
  fields?: Record<string, string | number | boolean | null | undefined>;
  /** Alerts with the same key within a cooldown are one incident: later ones are suppressed and counted. */
  dedupeKey?: string;
  /** A link to act on the alert (the dashboard entry). */
  url?: string;
}

/**
 * Tells humans that something needs them. Implementations must not leak secrets or personal data
 * by default. The runtime never lets an alerter failure fail an operation: it logs and counts it.
 */
export interface Alerter {
  /** Delivers `alert`; resolves once the alert is delivered (or deliberately folded or suppressed). */
  alert(alert: Alert): Promise<void>;
}
