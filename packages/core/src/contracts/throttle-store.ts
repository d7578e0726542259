/**
 * Keeps per-key throttle state for `throttle()`. Reserving never fails and never drops: it books the
 * next free slot and says how long to wait for it.
 *
 * Guarantees (checked by `throttleStoreSuite` in `@lifeline/testing`):
 * - `reserve` is atomic per key: concurrent reservations get distinct slots, and over any window of
 *   `periodMs` at most `limit` slots start (generic cell rate: one slot every `periodMs / limit`,
 *   with a burst of `limit`).
 * - `now` is the caller's clock reading; the store keeps no clock.
 */
export interface ThrottleStore {
  /** Books a slot for `key`; resolves with the milliseconds until it starts (0 = now). */
  reserve(key: string, limit: number, periodMs: number, now: number): Promise<number>;
}
