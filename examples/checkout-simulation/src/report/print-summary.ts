import type { HealthMetric } from '@lifeline/core';
import { formatDuration } from '../run/display';
import type { RunRecord } from '../run/run-record';
import type { InvariantReport } from './invariant';
import type { RunSummary } from './summary';
import { count, percent, textTable } from './text-table';

/** How the run went in real time, for the header. */
export interface RunTiming {
  realMs: number;
  virtual: boolean;
  restarts: number;
}

const value = (metric: HealthMetric) =>
  metric.value === null
    ? 'no data'
    : metric.unit === 'ratio'
      ? percent(metric.value, 2)
      : metric.unit === 'ms'
        ? formatDuration(metric.value)
        : count(metric.value);
const target = (metric: HealthMetric) => {
  const sign = metric.direction === 'higher-is-better' ? '≥' : '≤';
  const shown =
    metric.unit === 'ratio'
      ? percent(metric.target)
      : metric.unit === 'ms'
        ? formatDuration(metric.target)
        : count(metric.target);
  return `${sign} ${shown}`;
};

/** The summary table, the health report and the verdict, as text. */
export function renderSummary(
  run: RunRecord,
  summary: RunSummary,
  verdict: InvariantReport,
  timing: RunTiming,
): string {
  const r = summary.recovered;
  const retried = r.email.retried + r.webhook.retried + r.job.retried;
  const recovered = r.email.recovered + r.webhook.recovered + r.job.recovered;
  const lines: string[] = [];
  lines.push(
    `Lifeline checkout simulation · run ${run.id} · seed ${run.seed} · fault rate ${percent(run.faultRate)} · duplicates ${percent(run.duplicates)}`,
  );
  const took = timing.virtual
    ? `${formatDuration(timing.realMs)} of real time, ${formatDuration(summary.simulatedMs)} simulated on the virtual clock`
    : `${formatDuration(timing.realMs)} on the system clock (${formatDuration(summary.simulatedMs)} from the first purchase to the last piece of work)`;
  const crashes =
    timing.restarts > 0 ? ` · worker killed with SIGKILL and restarted ${timing.restarts}×` : '';
  lines.push(`${count(summary.purchases)} purchases in ${took}${crashes}`);
  lines.push('');
  const rows: string[][] = [
    ['Purchases', count(summary.purchases), ''],
    ['Checkout sessions created', count(summary.checkoutSessions), ''],
    ['Paid', count(summary.paid), `${count(summary.paymentsFailed)} delayed payments failed`],
    ['Fulfilled (download granted)', count(summary.fulfilled), ''],
    ['Receipt emails delivered', count(summary.emailsDelivered), ''],
    [
      'Retried, then recovered',
      count(recovered),
      `of ${count(retried)} retried · email ${r.email.recovered}/${r.email.retried} · webhook ${r.webhook.recovered}/${r.webhook.retried} · job ${r.job.recovered}/${r.job.retried}`,
    ],
    ['Dead-lettered', count(summary.deadLettered), summary.deadLettered > 0 ? 'by reason:' : ''],
    ...summary.deadLettersByReason.map((row) => [`  ${row.operation}`, count(row.count), row.reason]),
    [
      'Alerts sent',
      count(summary.alerts.total),
      `${summary.alerts.critical} critical · ${summary.alerts.warning} warning · ${summary.alerts.info} info`,
    ],
    [
      'Webhook deliveries accepted',
      count(summary.webhooks.delivered),
      `${count(summary.webhooks.duplicates)} duplicates · ${count(summary.webhooks.outOfOrder)} out of order · ${count(summary.webhooks.refused)} refused and redelivered`,
    ],
    [
      'Duplicates suppressed',
      count(summary.duplicatesSuppressed.sameEvent + summary.duplicatesSuppressed.sameSession),
      `${count(summary.duplicatesSuppressed.sameEvent)} repeated events · ${count(summary.duplicatesSuppressed.sameSession)} sessions already fulfilled`,
    ],
  ];
  lines.push(textTable(rows, [1]));
  lines.push('');
  lines.push(`Health of this run against the runbook's targets (overall: ${summary.health.status})`);
  lines.push(
    textTable(
      [
        ['metric', 'value', 'target', 'status'],
        ...summary.health.metrics.map((m) => [m.label, value(m), target(m), m.status]),
      ],
      [1],
    ),
  );
  if (summary.earlierOpenDeadLetters > 0) {
    lines.push('');
    lines.push(
      `${count(summary.earlierOpenDeadLetters)} dead letters from earlier runs are still open (they persist in the data directory).`,
    );
  }
  lines.push('');
  lines.push('The promise, checked from the database and the providers’ own records:');
  if (verdict.ok) {
    lines.push(
      `  ✔ ${count(verdict.paid)} paid purchases: ${count(verdict.fulfilled)} fulfilled exactly once, ${count(verdict.fulfilmentDeadLettered)} dead-lettered with an alert`,
    );
    lines.push(
      `  ✔ ${count(verdict.fulfilled)} receipts: ${count(verdict.receiptsDelivered)} delivered exactly once under their idempotency key, ${count(verdict.receiptsDeadLettered)} dead-lettered with an alert`,
    );
    if (verdict.receiptsDeliveredAndDeadLettered > 0) {
      lines.push(
        `    (${count(verdict.receiptsDeliveredAndDeadLettered)} of the delivered also dead-lettered: the provider took the email but every answer was lost; a redrive finds it sent)`,
      );
    }
    lines.push('  ✔ nothing lost, nothing doubled');
  } else {
    lines.push(`  ✘ BROKEN: ${verdict.violations.length} violation(s)`);
    for (const violation of verdict.violations.slice(0, 20)) {
      lines.push(
        `    ${violation.rule}${violation.purchaseId ? ` ${violation.purchaseId}` : ''}: ${violation.detail}`,
      );
    }
    if (verdict.violations.length > 20) lines.push(`    … and ${verdict.violations.length - 20} more`);
  }
  return lines.join('\n');
}
