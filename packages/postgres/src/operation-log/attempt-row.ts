import type { AttemptOutcome, AttemptRecord, OperationKind } from '@lifeline/core';

/** @internal An operation-log row as `attempts` selects it (times as epoch ms). */
export interface AttemptRow {
  operation: string;
  kind: OperationKind;
  idempotency_key: string;
  attempt: number;
  outcome: AttemptOutcome;
  at: number;
  duration_ms: number;
  enqueued_at: number;
  error: string | null;
  delay_ms: number | null;
}

/** @internal Maps a row to an {@link AttemptRecord}; SQL NULLs become absent fields. */
export function toAttemptRecord(row: AttemptRow): AttemptRecord {
  return {
    operation: row.operation,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    attempt: row.attempt,
    outcome: row.outcome,
    at: row.at,
    durationMs: row.duration_ms,
    enqueuedAt: row.enqueued_at,
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.delay_ms === null ? {} : { delayMs: row.delay_ms }),
  };
}
