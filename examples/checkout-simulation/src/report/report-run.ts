import { activity } from '../activity';
import { dataDirPaths } from '../data-dir';
import { openDatabase } from '../database';
import type { TraceFacts } from '../observability/otel';
import { type RunRecord, runRecords } from '../run/run-record';
import { loadRunFacts, type RunFacts } from './facts';
import { checkInvariant, type InvariantReport } from './invariant';
import { checkPartnerWebhooks, type PartnerReport } from './partner-invariant';
import { type RunSummary, summarizeRun } from './summary';

/** A finished run, read back from its data directory. */
export interface RunReport {
  run: RunRecord;
  facts: RunFacts;
  summary: RunSummary;
  verdict: InvariantReport;
  /** The partner-webhook part of the check, for `--partner-webhooks` runs. */
  partner?: PartnerReport;
}

/**
 * Opens the data directory (the worker must have closed it), and reads run `runId` back: its facts, the
 * summary and the invariant check.
 */
export async function reportRun(dataDir: string, runId: number, traces?: TraceFacts): Promise<RunReport> {
  const paths = dataDirPaths(dataDir);
  const db = await openDatabase(paths, activity());
  try {
    const run = await runRecords.get(db.sql, runId);
    if (!run) throw new Error(`No run ${runId} in ${dataDir}`);
    const facts = await loadRunFacts(db.sql, paths, run);
    const verdict = checkInvariant(facts, traces);
    const partner = checkPartnerWebhooks(facts, paths.root);
    if (partner) {
      verdict.violations.push(...partner.violations);
      verdict.ok = verdict.violations.length === 0;
    }
    const summary = await summarizeRun(db.sql, facts, verdict);
    return { run, facts, summary, verdict, ...(partner ? { partner } : {}) };
  } finally {
    await db.close();
  }
}
