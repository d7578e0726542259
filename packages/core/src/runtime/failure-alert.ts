import type { Alert, AlertSeverity } from '../contracts/alerter';
import type { NewDeadLetter } from '../contracts/dead-letter-store';
import { errorFingerprint } from '../triage/error-fingerprint';
import type { AnyOperation } from './define-operation';

/** Severity of an operation's final-failure alert: its own setting, else critical for webhooks, warning otherwise. */
export function failureSeverity(
  operation: Pick<AnyOperation, 'alertSeverity' | 'kind'> | undefined,
  kind: string,
): AlertSeverity {
  return operation?.alertSeverity ?? (kind === 'webhook' ? 'critical' : 'warning');
}

/** The alert sent when work lands in the dead-letter store (or a redrive fails again). */
export function failureAlert(input: {
  entry: NewDeadLetter;
  severity: AlertSeverity;
  deadLetterId?: string;
  adminUrl?: string;
  redrive?: boolean;
}): Alert {
  const { entry } = input;
  const what = input.redrive
    ? 'Redrive failed'
    : `${entry.kind === 'email' ? 'Email' : entry.kind === 'webhook' ? 'Webhook' : 'Job'} failed`;
  return {
    severity: input.severity,
    title: `${what}: ${entry.name}`,
    message: `"${entry.name}" failed after ${entry.attempts} attempt(s) and is in the dead-letter store: ${entry.error.name}: ${entry.error.message}`,
    fields: {
      operation: entry.name,
      kind: entry.kind,
      attempts: entry.attempts,
      error: entry.error.code ?? entry.error.name,
      idempotencyKey: entry.idempotencyKey,
      deadLetterId: input.deadLetterId ?? 'not stored (store failing)',
      errorFingerprint: errorFingerprint(entry.error),
    },
    dedupeKey: `dead-letter:${entry.name}:${entry.idempotencyKey}`,
    ...(input.adminUrl && input.deadLetterId
      ? {
          url: `${input.adminUrl.replace(/\/$/, '')}/failed-operations/${encodeURIComponent(input.deadLetterId)}`,
        }
      : {}),
  };
}
