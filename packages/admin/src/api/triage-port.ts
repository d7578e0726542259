import type { DeadLetterFilter, DeadLetterStatus, Lifeline } from '@lifeline/core';
import { maskSecrets } from './mask';

/** Entries per status for a filter. */
export type StatusTotals = Record<DeadLetterStatus, number>;

/** Entries that share an error fingerprint, as the list's "By error" table shows them. */
export interface ErrorGroupView {
  fingerprint: string;
  errorName: string;
  /** One entry's message, masked. */
  sampleMessage: string;
  count: number;
  firstFailedAt: number;
  lastFailedAt: number;
}

/** The admin's filter: the store's, plus a search and an error fingerprint. */
export interface TriageFilter extends DeadLetterFilter {
  /** Matches the id, the idempotency key and payload values (case-insensitive). */
  search?: string;
  errorFingerprint?: string;
}

/** Totals per status for the filter (its own `status` is ignored: the totals are what a status tab would show). */
export async function statusTotals(lifeline: Lifeline, filter: TriageFilter): Promise<StatusTotals> {
  const { status: _status, ...rest } = filter;
  const store = lifeline.deadLetters as unknown as {
    countByStatus?: (filter: TriageFilter) => Promise<StatusTotals>;
  };
  if (store.countByStatus) return store.countByStatus(rest);
  const [open, retrying, resolved] = await Promise.all(
    (['open', 'retrying', 'resolved'] as const).map((status) =>
      lifeline.deadLetters.count({ ...rest, status }),
    ),
  );
  return { open: open!, retrying: retrying!, resolved: resolved! };
}

/** The filter's entries grouped by error fingerprint, most first, at most `limit` groups, messages masked. */
export async function errorGroups(
  lifeline: Lifeline,
  filter: TriageFilter,
  limit = 10,
): Promise<ErrorGroupView[]> {
  const store = lifeline.deadLetters as unknown as {
    groupByError?: (filter: TriageFilter) => Promise<ErrorGroupView[]>;
  };
  if (!store.groupByError) return [];
  const groups = await store.groupByError(filter);
  return groups.slice(0, limit).map((group) => ({
    ...group,
    sampleMessage: maskSecrets(group.sampleMessage).value,
  }));
}
