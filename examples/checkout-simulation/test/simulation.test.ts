import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDirPaths } from '../src/data-dir';
import { renderSummary } from '../src/report/print-summary';
import { type RunReport, reportRun } from '../src/report/report-run';
import { type ProgressSnapshot, silentDisplay } from '../src/run/display';
import { simulate } from '../src/run/simulate';
import { serveDashboard } from '../src/serve';
import type { MailRecord } from '../src/world/resend-standin';

// One data directory for the whole file: each run is its own run id in it, and later runs must see
// the dead letters of earlier ones. The tests run in order.
const dataDir = mkdtempSync(join(tmpdir(), 'lifeline-simulation-'));
const paths = dataDirPaths(dataDir);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const reports: RunReport[] = [];
/** The progress bar's last reading of each run. */
const lastProgress: ProgressSnapshot[] = [];
const cases = [
  { seed: 11, faultRate: 0.2, duplicates: 0.2 },
  { seed: 12, faultRate: 0.5, duplicates: 0.5 },
  { seed: 13, faultRate: 0.8, duplicates: 0.3 },
];

const readMail = () =>
  readFileSync(paths.mailJournal, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as MailRecord);

describe.sequential('checkout simulation (100 purchases per run, virtual clock)', () => {
  for (const options of cases) {
    it(`keeps the promise at seed ${options.seed}, fault rate ${options.faultRate}, duplicates ${options.duplicates}`, async () => {
      let last: ProgressSnapshot | undefined;
      const result = await simulate({
        purchases: 100,
        realTime: false,
        dataDir,
        display: { ...silentDisplay(), progress: (snapshot) => (last = snapshot) },
        ...options,
      });
      expect(result.worldErrors).toEqual([]);
      const report = await reportRun(dataDir, result.run.id);
      reports.push(report);
      lastProgress.push(last!);
      expect(report.verdict.violations).toEqual([]);
      expect(report.verdict.ok).toBe(true);

      // The run did what it claims: every purchase is accounted for, paid ones either way.
      const { summary, verdict } = report;
      expect(summary.purchases).toBe(100);
      expect(verdict.paid).toBe(summary.paid);
      expect(verdict.fulfilled + verdict.fulfilmentDeadLettered).toBe(verdict.paid);
      expect(verdict.receiptsDelivered + verdict.receiptsDeadLettered).toBe(verdict.fulfilled);
      expect(summary.paid).toBeGreaterThan(80);
      // Faults happened and were retried; duplicates were delivered and suppressed.
      expect(summary.recovered.email.recovered).toBeGreaterThan(0);
      expect(summary.webhooks.duplicates).toBeGreaterThan(0);
      expect(summary.duplicatesSuppressed.sameEvent).toBeGreaterThan(0);
      // Every dead letter came with an alert that reached the channel.
      expect(summary.alerts.total).toBeGreaterThanOrEqual(summary.deadLettered);
      if (options.faultRate >= 0.5) expect(summary.deadLettered).toBeGreaterThan(0);
    }, 300_000);
  }

  it('shows the dead letters of earlier runs in a later run over the same data directory', () => {
    const [first, second, third] = reports;
    expect(first!.run.id).toBe(1);
    const open = (report: RunReport) =>
      report.facts.deadLetters.filter((entry) => entry.status === 'open').length;
    expect(second!.summary.earlierOpenDeadLetters).toBe(open(first!));
    expect(third!.summary.earlierOpenDeadLetters).toBe(open(first!) + open(second!));
    expect(open(first!) + open(second!)).toBeGreaterThan(0);
  });

  it('gives the same numbers for the same seed: a later run over the same data directory repeats the first', async () => {
    const first = reports[0]!;
    const result = await simulate({
      purchases: 100,
      realTime: false,
      dataDir,
      display: silentDisplay(),
      ...cases[0]!,
    });
    const again = await reportRun(dataDir, result.run.id);
    expect(again.run.id).toBe(4);
    // The summary as printed, minus the header (run number, real time) and the earlier-runs note.
    const printed = (report: RunReport) =>
      renderSummary(report.run, report.summary, report.verdict, { realMs: 0, virtual: true, restarts: 0 })
        .split('\n')
        .slice(1)
        .join('\n')
        .replace(/\n\n[^\n]*from earlier runs[^\n]*/, '');
    expect(printed(again)).toBe(printed(first));
    expect(again.summary.earlierOpenDeadLetters).toBeGreaterThan(0);
    expect(again.summary.health.metrics.find((metric) => metric.id === 'openDeadLetters')?.value).toBe(
      first.facts.deadLetters.filter((entry) => entry.status === 'open').length,
    );
  }, 300_000);

  it('counts alike everywhere: progress, table and verdict read the same records', () => {
    for (const [index, { summary, verdict, facts }] of reports.entries()) {
      expect(lastProgress[index]).toMatchObject({
        finished: 100,
        deadLetters: summary.deadLettered,
        alerts: summary.alerts.total,
      });
      const parts = Object.values(verdict.deadLetters.byOutcome).reduce((sum, n) => sum + n, 0);
      expect(parts).toBe(summary.deadLettered);
      expect(summary.deadLettered).toBe(facts.deadLetters.length);
      expect(summary.deadLettersByOutcome.reduce((sum, row) => sum + row.count, 0)).toBe(
        summary.deadLettered,
      );
      expect(verdict.deadLetters.byOutcome['receipt-undelivered']).toBe(verdict.receiptsDeadLettered);
      expect(verdict.deadLetters.byOutcome['receipt-delivered']).toBe(
        verdict.receiptsDeliveredAndDeadLettered,
      );
      const sources = Object.values(summary.alerts.bySource).reduce((sum, n) => sum + n, 0);
      expect(sources).toBe(summary.alerts.total);
      expect(summary.alerts.bySource['dead-letter']).toBe(summary.deadLettered);
      expect(summary.alerts.bySource['payment-failed']).toBe(summary.paymentsFailed);
    }
  });

  it('serves the dashboard over the run data: lists dead letters, needs the token, and redrives one', async () => {
    const dashboard = await serveDashboard({ dataDir, port: 0, print: () => {} });
    const origin = new URL(dashboard.url).origin;
    const auth = { authorization: `Bearer ${dashboard.token}` };
    let redriven: { key: string; status: string } | undefined;
    try {
      expect((await fetch(`${dashboard.url}/api/failed-operations`)).status).toBe(401);
      const list = (await (
        await fetch(`${dashboard.url}/api/failed-operations?limit=200`, { headers: auth })
      ).json()) as {
        items: Array<{ id: string; name: string; idempotencyKey: string; status: string }>;
      };
      const third = reports[2]!;
      const transient = third.facts.deadLetters.find(
        (entry) => entry.name === 'purchase/email.send' && !entry.reason.includes('422'),
      );
      expect(transient).toBeDefined();
      expect(list.items.map((item) => item.id)).toContain(transient!.id);

      const response = await fetch(`${dashboard.url}/api/failed-operations/${transient!.id}/retry`, {
        method: 'POST',
        headers: { ...auth, origin, 'content-type': 'application/json' },
        body: JSON.stringify({ note: 'provider is back' }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { result: { status: string } };
      redriven = { key: transient!.idempotencyKey, status: body.result.status };
    } finally {
      await dashboard.close();
    }
    expect(redriven.status).toBe('resolved');
    // The redrive delivered the receipt at most once more: exactly one email under its key in total.
    expect(readMail().filter((record) => record.idempotencyKey === redriven!.key)).toHaveLength(1);
    const after = await reportRun(dataDir, reports[2]!.run.id);
    expect(after.verdict.violations).toEqual([]);
  }, 60_000);

  it('catches a receipt delivered twice when the mail journal says so', async () => {
    const last = reports[2]!;
    const sent = readMail().find((record) => last.facts.purchaseIds.includes(record.tags.purchase_id ?? ''));
    expect(sent).toBeDefined();
    appendFileSync(
      paths.mailJournal,
      `${JSON.stringify({ ...sent, id: 'email_doctored', at: sent!.at + 1 })}\n`,
    );
    const doctored = await reportRun(dataDir, last.run.id);
    expect(doctored.verdict.ok).toBe(false);
    expect(doctored.verdict.violations).toEqual([
      {
        purchaseId: sent!.tags.purchase_id,
        rule: 'receipt-doubled',
        detail: 'the receipt was delivered 2 times',
      },
    ]);
  }, 30_000);
});
