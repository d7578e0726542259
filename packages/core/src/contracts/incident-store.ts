/**
 * An incident's state as set by operators: `open` (someone should look), `acknowledged` (someone is on it),
 * `resolved` (fixed; new failures with the same fingerprint after `resolvedAt` reopen it).
 */
export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';

/** One change of an incident, kept in its history. */
export interface IncidentChange {
  status: IncidentStatus;
  mutedUntil?: number;
  by: string;
  at: number;
  note?: string;
}

/**
 * The operator-set state of one incident. An incident is the set of dead letters that share an
 * `errorFingerprint`; its counts come from `DeadLetterStore.groupByError`, its state from here.
 * A fingerprint nobody has touched has no state: it reads as `open`, not muted.
 */
export interface IncidentState {
  errorFingerprint: string;
  status: IncidentStatus;
  /** Failure alerts for this fingerprint are not sent before this time (epoch ms). */
  mutedUntil?: number;
  /** Who made the last change, and when (epoch ms). */
  updatedBy: string;
  updatedAt: number;
  /** When it was last resolved (epoch ms). */
  resolvedAt?: number;
  note?: string;
  /** Every change, oldest first. */
  history: IncidentChange[];
}

/** A change request: the new status (default: unchanged) and/or mute. `mutedUntil: null` unmutes. */
export interface IncidentUpdate {
  status?: IncidentStatus;
  mutedUntil?: number | null;
  by: string;
  at: number;
  note?: string;
}

/**
 * Operator state of incidents, keyed by error fingerprint. Kept apart from the dead-letter store on purpose:
 * dead letters stay the one source of failure counts, and this store holds only what a human decided
 * (acknowledge, resolve, mute), so nothing has to be kept in step when dead letters are merged or pruned.
 *
 * Guarantees (checked by `incidentStoreSuite` in `@lifeline/testing`):
 * - `update` is atomic per fingerprint: it creates the state on first use (status `open` unless given),
 *   appends the change to `history`, and returns the new state; concurrent updates are all kept in history.
 * - `→ resolved` sets `resolvedAt` to the update's `at`; `mutedUntil: null` removes the mute.
 * - `get` of a fingerprint never updated is `undefined`; `getMany` returns only the known ones.
 */
export interface IncidentStore {
  /** The operator state of one fingerprint, or `undefined` when nobody has acted on it. */
  get(errorFingerprint: string): Promise<IncidentState | undefined>;
  /** The states of the given fingerprints that exist (any order). */
  getMany(errorFingerprints: readonly string[]): Promise<IncidentState[]>;
  /** Applies one change and returns the new state. */
  update(errorFingerprint: string, update: IncidentUpdate): Promise<IncidentState>;
}
