import type { DeadLetterFilter, DeadLetterStatusCounts, Lifeline } from '@lifeline/core';
import { finalErrorMessage } from './final-error';
import { maskSecrets } from './mask';

/** Entries per status for a filter. */
export type StatusTotals = DeadLetterStatusCounts;

/** Entries that share an error fingerprint, as the list's "By error" table shows them. */
export interface ErrorGroupView {
  fingerprint: string;
  errorName: string;
  /** The newest entry's message: masked, final (no "retrying in …"), durations in human units. */
  sampleMessage: string;
  count: number;
  firstFailedAt: number;
  lastFailedAt: number;
}

/** The admin's filter: the store's (search and error fingerprint included). */
export type TriageFilter = DeadLetterFilter;

/** Totals per status for the filter (its own `status` is ignored: the totals are what a status tab would show). */
export function statusTotals(lifeline: Lifeline, filter: TriageFilter): Promise<StatusTotals> {
  return lifeline.deadLetters.countByStatus(filter);
}

/** A message as the dashboard shows it: secrets and emails masked, final, durations in human units. */
export function displayMessage(message: string): string {
  return finalErrorMessage(maskSecrets(message).value);
}

/** The filter's entries grouped by error fingerprint, most first, at most `limit` groups. */
export async function errorGroups(
  lifeline: Lifeline,
  filter: TriageFilter,
  limit = 10,
): Promise<ErrorGroupView[]> {
  const groups = await lifeline.deadLetters.groupByError({ ...filter, limit });
  return groups.map((group) => ({
    fingerprint: group.errorFingerprint,
    errorName: group.errorName,
    sampleMessage: displayMessage(group.sampleMessage),
    count: group.count,
    firstFailedAt: group.firstFailedAt,
    lastFailedAt: group.lastFailedAt,
  }));
}
