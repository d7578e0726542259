import type { Clock } from '../clock/clock';
import type {
  DeadLetterErrorGroup,
  DeadLetterGroupOptions,
  DeadLetterStore,
} from '../contracts/dead-letter-store';
import type { IncidentState, IncidentStatus, IncidentStore } from '../contracts/incident-store';

/** A group of dead letters with one error fingerprint, with the state operators gave it. */
export interface Incident extends DeadLetterErrorGroup {
  /**
   * `open` when nobody acted, or when it was resolved and the group has failed again since (`lastFailedAt`
   * after `resolvedAt`); otherwise the stored status.
   */
  status: IncidentStatus;
  /** Set while muted (only future times): failure alerts of this fingerprint are suppressed. */
  mutedUntil?: number;
  /** The stored state, when anyone has acted on it. */
  state?: IncidentState;
}

/** The incident API on `lifeline.incidents`. */
export interface Incidents {
  /**
   * Incidents from the dead letters matching `options` (by default `open` and `retrying` ones), largest first.
   * Resolving an incident does not resolve its dead letters: start a bulk job with `filter: { errorFingerprint }`.
   */
  list(options?: DeadLetterGroupOptions): Promise<Incident[]>;
  /** Marks the incident acknowledged (someone is on it); recorded with who and why. */
  acknowledge(fingerprint: string, action: { by: string; note?: string }): Promise<IncidentState>;
  /** Marks the incident resolved; a later failure with the same fingerprint reopens it. */
  resolve(fingerprint: string, action: { by: string; note?: string }): Promise<IncidentState>;
  /** Moves the incident back to open. */
  reopen(fingerprint: string, action: { by: string; note?: string }): Promise<IncidentState>;
  /** Suppresses this fingerprint's failure alerts until `until` (epoch ms); `until: null` unmutes. */
  mute(
    fingerprint: string,
    action: { until: number | null; by: string; note?: string },
  ): Promise<IncidentState>;
  readonly store: IncidentStore;
}

/** Builds {@link Incidents} over a dead-letter store (counts) and an incident store (operator state). */
export function incidents(deps: {
  deadLetters: DeadLetterStore;
  store: IncidentStore;
  clock: Clock;
}): Incidents {
  const change = (status: IncidentStatus) => (fingerprint: string, action: { by: string; note?: string }) =>
    deps.store.update(fingerprint, {
      status,
      by: action.by,
      at: deps.clock.now(),
      ...(action.note === undefined ? {} : { note: action.note }),
    });
  return {
    store: deps.store,
    async list(options = {}) {
      const groups = await deps.deadLetters.groupByError({ status: ['open', 'retrying'], ...options });
      const states = new Map(
        (await deps.store.getMany(groups.map((group) => group.errorFingerprint))).map((state) => [
          state.errorFingerprint,
          state,
        ]),
      );
      const now = deps.clock.now();
      return groups.map((group) => {
        const state = states.get(group.errorFingerprint);
        const reopened = state?.status === 'resolved' && group.lastFailedAt > (state.resolvedAt ?? 0);
        return {
          ...group,
          status: !state || reopened ? 'open' : state.status,
          ...(state?.mutedUntil !== undefined && state.mutedUntil > now
            ? { mutedUntil: state.mutedUntil }
            : {}),
          ...(state ? { state } : {}),
        };
      });
    },
    acknowledge: change('acknowledged'),
    resolve: change('resolved'),
    reopen: change('open'),
    mute: (fingerprint, action) =>
      deps.store.update(fingerprint, {
        mutedUntil: action.until,
        by: action.by,
        at: deps.clock.now(),
        ...(action.note === undefined ? {} : { note: action.note }),
      }),
  };
}
