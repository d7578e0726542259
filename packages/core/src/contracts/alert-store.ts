import type { Alert, AlertSeverity } from './alerter';

/** What the runtime hands an {@link AlertStore}: an alert it sent and what became of it. */
export interface NewAlertRecord extends Alert {
  /** Epoch ms when the alert was sent. */
  at: number;
  /** Whether the alerter accepted it. */
  delivered: boolean;
  /** Why delivery failed (short text), when `delivered` is false. */
  error?: string;
}

/** A stored alert. */
export interface AlertRecord extends NewAlertRecord {
  id: string;
}

/** Which alerts `list` and `count` cover. `at` bounds: `from` inclusive, `to` exclusive. */
export interface AlertFilter {
  from?: number;
  to?: number;
  severity?: AlertSeverity | readonly AlertSeverity[];
}

/** A page request: `cursor` is the `nextCursor` of the previous page; `limit` 1..500, default 50. */
export interface AlertListOptions extends AlertFilter {
  cursor?: string;
  limit?: number;
}

/** One page, newest first; `nextCursor` is absent on the last page. */
export interface AlertPage {
  items: AlertRecord[];
  nextCursor?: string;
}

/**
 * Durable record of every alert the runtime sent, delivered or not, for the dashboard's health page.
 *
 * Guarantees (checked by `alertStoreSuite` in `@lifeline/testing`):
 * - `append` is durable when it resolves and returns the record with a new unique id; records never change.
 * - `list` is ordered by `(at, id)` descending and paginates by keyset: a page never repeats or skips a
 *   record that existed when the first page was read, however many are appended meanwhile.
 * - `count` agrees with `list` for the same filter.
 * - Fields round-trip: `fields` values come back as given (strings, numbers, booleans, null).
 */
export interface AlertStore {
  /** Stores one sent alert and returns it with its id. */
  append(alert: NewAlertRecord): Promise<AlertRecord>;
  /** One page of alerts matching the filter, newest first. */
  list(options?: AlertListOptions): Promise<AlertPage>;
  /** How many alerts match the filter. */
  count(filter?: AlertFilter): Promise<number>;
}
