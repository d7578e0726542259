import type {
  DeadLetter,
  DeadLetterStatus,
  DeadLetterTransition,
  OperationKind,
  SerializedError,
} from '@lifeline/core';
import { fromJson } from '../internal/json';
import { ms } from '../internal/sql';

/** @internal A dead-letter row as {@link DEAD_LETTER_COLUMNS} selects it. */
export interface DeadLetterRow {
  id: string;
  kind: OperationKind;
  name: string;
  payload: string | null;
  error: string;
  attempts: number;
  idempotency_key: string;
  first_failed_at: number;
  failed_at: number;
  meta: string | null;
  status: DeadLetterStatus;
  retry_count: number;
  last_retried_at: number | null;
  resolved_at: number | null;
  resolved_by: string | null;
  note: string | null;
  redrive_lease_until: number | null;
  history: string;
}

/** @internal The select list every dead-letter read uses: JSON as text, times as epoch ms. */
export const DEAD_LETTER_COLUMNS = [
  'id',
  'kind',
  'name',
  'payload::text AS payload',
  'error::text AS error',
  'attempts',
  'idempotency_key',
  `${ms('first_failed_at')} AS first_failed_at`,
  `${ms('failed_at')} AS failed_at`,
  'meta::text AS meta',
  'status',
  'retry_count',
  `${ms('last_retried_at')} AS last_retried_at`,
  `${ms('resolved_at')} AS resolved_at`,
  'resolved_by',
  'note',
  `${ms('redrive_lease_until')} AS redrive_lease_until`,
  'history::text AS history',
].join(', ');

/** @internal Maps a row to a {@link DeadLetter}; SQL NULLs become absent fields. */
export function toDeadLetter(row: DeadLetterRow): DeadLetter {
  const entry: DeadLetter = {
    id: row.id,
    kind: row.kind,
    name: row.name,
    payload: fromJson(row.payload),
    error: fromJson(row.error) as SerializedError,
    attempts: row.attempts,
    idempotencyKey: row.idempotency_key,
    firstFailedAt: row.first_failed_at,
    failedAt: row.failed_at,
    status: row.status,
    retryCount: row.retry_count,
    history: fromJson(row.history) as DeadLetterTransition[],
  };
  if (row.meta !== null) entry.meta = fromJson(row.meta) as Record<string, unknown>;
  if (row.last_retried_at !== null) entry.lastRetriedAt = row.last_retried_at;
  if (row.resolved_at !== null) entry.resolvedAt = row.resolved_at;
  if (row.resolved_by !== null) entry.resolvedBy = row.resolved_by;
  if (row.note !== null) entry.note = row.note;
  if (row.redrive_lease_until !== null) entry.redriveLeaseUntil = row.redrive_lease_until;
  return entry;
}
