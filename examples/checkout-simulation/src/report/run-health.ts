import {
  computeHealth,
  DEFAULT_HEALTH_TARGETS,
  type HealthReport,
  type OperationLogSummary,
} from '@lifeline/core';
import { postgresOperationLog, type SqlClient } from '@lifeline/postgres';

/** What {@link runHealth} reads and computes. */
export interface RunHealth {
  /** The operation log's counts per kind within the run's window. */
  kinds: OperationLogSummary;
  /** The runbook's metrics against the default targets. */
  report: HealthReport;
}

/**
 * The runbook's health metrics over ONE run: the operation log within the run's window, and the run's
 * own dead letters that are still open. Earlier runs in the data directory stay out, so a second run
 * with the same seed reports the same health as the first. The end-of-run health check alerts on this
 * report and the summary prints it: the table and the alert cannot disagree.
 */
export async function runHealth(
  sql: SqlClient,
  window: { from: number; to: number },
  openDeadLetters: number,
): Promise<RunHealth> {
  const kinds = await postgresOperationLog(sql).summarize(window);
  return {
    kinds,
    report: computeHealth({ kinds, openDeadLetters, targets: DEFAULT_HEALTH_TARGETS, ...window }),
  };
}
