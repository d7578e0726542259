import type { IncidentChange, IncidentState, IncidentStore } from '../contracts/incident-store';
import { parseOrThrow } from './dead-letter-schemas';
import { fingerprintSchema, incidentUpdateSchema } from './incident-schemas';

/**
 * An in-memory {@link IncidentStore} for tests and one process: each update is applied without yielding,
 * so it is atomic; states are copied in and out.
 *
 * @example
 * ```ts
 * const incidents = memoryIncidentStore();
 * await incidents.update('fp_0123456789abcdef', { status: 'acknowledged', by: 'ada', at: Date.now() });
 * ```
 */
export function memoryIncidentStore(): IncidentStore {
  const states = new Map<string, IncidentState>();
  return {
    async get(fingerprint) {
      const state = states.get(fingerprint);
      return state && structuredClone(state);
    },
    async getMany(fingerprints) {
      return fingerprints.flatMap((fingerprint) => {
        const state = states.get(fingerprint);
        return state ? [structuredClone(state)] : [];
      });
    },
    async update(fingerprintInput, input) {
      const fingerprint = parseOrThrow(fingerprintSchema, 'incident fingerprint', fingerprintInput);
      const update = parseOrThrow(incidentUpdateSchema, `update of incident "${fingerprint}"`, input);
      const state: IncidentState = states.get(fingerprint) ?? {
        errorFingerprint: fingerprint,
        status: 'open',
        updatedBy: update.by,
        updatedAt: update.at,
        history: [],
      };
      if (update.status) state.status = update.status;
      if (update.status === 'resolved') state.resolvedAt = update.at;
      if (update.mutedUntil === null) delete state.mutedUntil;
      else if (update.mutedUntil !== undefined) state.mutedUntil = update.mutedUntil;
      if (update.note !== undefined) state.note = update.note;
      state.updatedBy = update.by;
      state.updatedAt = update.at;
      const change: IncidentChange = { status: state.status, by: update.by, at: update.at };
      if (state.mutedUntil !== undefined) change.mutedUntil = state.mutedUntil;
      if (update.note !== undefined) change.note = update.note;
      state.history.push(change);
      states.set(fingerprint, state);
      return structuredClone(state);
    },
  };
}
