import type { Alert } from '@lifeline/core';
import { fingerprint } from '@lifeline/core/adapter';
import { formatAmount } from './format-amount';
import type { ReconcileReport } from './reconcile-types';

/**
 * The one critical alert summarising a reconciliation gap: how many paid sessions have no fulfilment,
 * which ones (up to `maxIds`), and how much money that is per currency. No customer data is included.
 */
export function reconcileGapAlert(report: ReconcileReport, operationName: string, maxIds: number): Alert {
  const ids = report.missing.map((entry) => entry.id);
  const shown =
    ids.slice(0, maxIds).join(', ') + (ids.length > maxIds ? ` …and ${ids.length - maxIds} more` : '');
  const totals = Object.entries(report.totalMissingByCurrency)
    .map(([currency, amount]) => formatAmount(amount, currency))
    .join(', ');
  const plural = ids.length === 1 ? 'session was' : 'sessions were';
  return {
    severity: 'critical',
    title: `Stripe: ${ids.length} paid checkout ${plural} never fulfilled`,
    message:
      `Reconciliation found ${ids.length} paid Checkout ${plural.replace(' was', '').replace(' were', '')} with no fulfilment (${totals}). ` +
      `${report.resent} re-sent through "${operationName}"` +
      (report.resendFailed.length > 0
        ? `; ${report.resendFailed.length} could not be queued and will be retried next run.`
        : '.') +
      ` Sessions: ${shown}`,
    fields: {
      missing: ids.length,
      total: totals,
      resent: report.resent,
      'resend failed': report.resendFailed.length,
      sessions: shown,
    },
    dedupeKey: `stripe:reconcile-gap:${operationName}:${fingerprint([...ids].sort())}`,
  };
}
