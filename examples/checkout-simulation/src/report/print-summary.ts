import type { HealthMetric } from '@lifeline/core';
import { formatDuration } from '../run/display';
import type { RunRecord } from '../run/run-record';
import { DEAD_LETTER_OUTCOMES, type DeadLetterOutcome, type InvariantReport } from './invariant';
import type { AlertSource, RunSummary } from './summary';
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

const OUTCOME_LABELS: Record<DeadLetterOutcome, string> = {
  'receipt-undelivered': 'receipt not delivered',
  'receipt-delivered': 'receipt delivered, answers lost',
  fulfilment: 'fulfilment (webhook)',
  checkout: 'checkout not started',
  other: 'other',
};

const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;
const OUTCOME_PHRASES: Record<DeadLetterOutcome, (n: number) => string> = {
  'receipt-undelivered': (n) => plural(n, 'receipt not delivered', 'receipts not delivered'),
  'receipt-delivered': (n) =>
    plural(
      n,
      'receipt delivered whose answers were all lost',
      'receipts delivered whose answers were all lost',
    ),
  fulfilment: (n) => plural(n, 'fulfilment', 'fulfilments'),
  checkout: (n) => plural(n, 'checkout not started', 'checkouts not started'),
  other: (n) => `${count(n)} other`,
};

const SOURCE_LABELS: Record<AlertSource, string> = {
  'dead-letter': 'dead letters',
  'payment-failed': 'delayed payments failed',
  health: 'health check',
  other: 'other',
};

const alertSources = (bySource: Record<AlertSource, number>) =>
  (Object.keys(SOURCE_LABELS) as AlertSource[])
    .filter((source) => bySource[source] > 0)
    .map((source) => `${count(bySource[source])} ${SOURCE_LABELS[source]}`)
    .join(' · ');

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
    ['Dead-lettered, each with an alert', count(summary.deadLettered), ''],
    ...summary.deadLettersByOutcome.map((row) => [
      `  ${OUTCOME_LABELS[row.outcome]}`,
      count(row.count),
      row.reasons.map((reason) => `${count(reason.count)} ${reason.reason}`).join(' · '),
    ]),
    [
      'Alerts sent',
      count(summary.alerts.total),
      alertSources(summary.alerts.bySource) ||
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
  lines.push(
    `Health of this run (its ${formatDuration(summary.simulatedMs)}, its own dead letters) against the runbook's targets (overall: ${summary.health.status})`,
  );
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
      `${count(summary.earlierOpenDeadLetters)} dead letters from earlier runs are still open (they persist in the data directory; not counted above).`,
    );
  }
  lines.push('');
  lines.push('The promise, checked from the database and the providers’ own records:');
  if (verdict.ok) {
    lines.push(
      `  ✔ ${count(verdict.paid)} paid purchases: ${count(verdict.fulfilled)} fulfilled exactly once, ${count(verdict.fulfilmentDeadLettered)} dead-lettered with an alert`,
    );
    lines.push(
      `  ✔ ${count(verdict.fulfilled)} receipts: ${count(verdict.receiptsDelivered)} delivered exactly once under their idempotency key, ${count(verdict.receiptsDeadLettered)} not delivered and dead-lettered with an alert`,
    );
    const parts = DEAD_LETTER_OUTCOMES.filter((outcome) => verdict.deadLetters.byOutcome[outcome] > 0).map(
      (outcome) => OUTCOME_PHRASES[outcome](verdict.deadLetters.byOutcome[outcome]),
    );
    lines.push(
      `  ✔ ${count(verdict.deadLetters.total)} dead letters, every one with an alert${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`,
    );
    if (verdict.receiptsDeliveredAndDeadLettered > 0) {
      lines.push(
        "    (those reached the customer, but the provider's answer was lost on every attempt: a redrive finds them sent)",
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

/** What to try after a run: the dashboard, a crash, a clean slate, the runbook. */
export function renderNextSteps(
  summary: RunSummary,
  options: { crashed: boolean; runs: number; dataDirOption?: string },
): string {
  const open = summary.health.metrics.find((metric) => metric.id === 'openDeadLetters')?.value ?? 0;
  const demo = (flag: string) =>
    `pnpm demo -- ${flag}${options.dataDirOption ? ` --data-dir ${options.dataDirOption}` : ''}`;
  const steps: string[][] = [
    [
      demo('--serve-only'),
      `the admin dashboard over this data, no new run: ${open > 0 ? `this run's ${count(open)} open dead letters, ` : ''}errors, attempts, Retry now`,
    ],
  ];
  if (!options.crashed) {
    steps.push([demo('--crash'), 'SIGKILL the worker mid-run and restart it: nothing lost, nothing doubled']);
  }
  steps.push([
    demo('--fresh'),
    `start over: the data directory keeps every run (${options.runs} so far) and its open dead letters`,
  ]);
  steps.push(['docs/runbook.md', 'what on-call does with a dead letter or a critical alert']);
  return [
    'What next:',
    ...textTable(steps)
      .split('\n')
      .map((line) => `  ${line}`),
  ].join('\n');
}
