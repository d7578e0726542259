import { activity } from '../activity';
import { dataDirPaths } from '../data-dir';
import { openDatabase } from '../database';
import type { TraceFacts } from '../observability/otel';
import { type RunRecord, runRecords } from '../run/run-record';
import { loadRunFacts, type RunFacts } from './facts';
import { checkInvariant, type InvariantReport } from './invariant';
import { type RunSummary, summarizeRun } from './summary';

/** A finished run, read back from its data directory. */
export interface RunReport {
  run: RunRecord;
  facts: RunFacts;
  summary: RunSummary;
  verdict: InvariantReport;
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
    return { run, facts, summary: await summarizeRun(db.sql, facts, verdict), verdict };
  } finally {
    await db.close();
  }
}
