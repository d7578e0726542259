import type { IncidentState, IncidentStore } from '@lifeline/core';
import { fingerprintSchema, incidentUpdateSchema } from '@lifeline/core/adapter';
import type { AnySupabaseClient, SupabaseStoreOptions } from '../client';
import { pgTime } from '../internal/time';
import { isPgText, parseOrThrow } from '../internal/validate';
import { objectFrom, rpcCaller, unexpectedResponse } from '../rpc';

/**
 * An {@link IncidentStore} on Supabase: `lifeline_incident_get_many` and `lifeline_incident_update` (one
 * `INSERT … ON CONFLICT DO UPDATE`, so concurrent changes of one fingerprint all land in its history).
 *
 * @example
 * ```ts
 * const lifeline = createLifeline({ operations, incidents: supabaseIncidentStore(supabase) });
 * ```
 */
export function supabaseIncidentStore(
  client: AnySupabaseClient,
  options: SupabaseStoreOptions = {},
): IncidentStore {
  const rpc = rpcCaller(client, options);
  async function getMany(fingerprints: readonly string[]): Promise<IncidentState[]> {
    const wanted = fingerprints.filter(isPgText);
    if (wanted.length === 0) return [];
    const fn = 'lifeline_incident_get_many';
    const data = await rpc(fn, { p_fingerprints: wanted });
    if (!Array.isArray(data)) throw unexpectedResponse(fn, data);
    return data.map((state) => objectFrom<IncidentState>(fn, state));
  }
  return {
    getMany,
    async get(fingerprint) {
      return (await getMany([fingerprint]))[0];
    },
    async update(fingerprintInput, input) {
      const fingerprint = parseOrThrow(fingerprintSchema, 'incident fingerprint', fingerprintInput);
      const update = parseOrThrow(incidentUpdateSchema, `update of incident "${fingerprint}"`, input);
      const fn = 'lifeline_incident_update';
      const data = await rpc(fn, {
        p_fingerprint: fingerprint,
        p_by: update.by,
        p_at: pgTime(update.at),
        p_status: update.status ?? null,
        p_muted_until: typeof update.mutedUntil === 'number' ? pgTime(update.mutedUntil) : null,
        p_unmute: update.mutedUntil === null,
        p_note: update.note ?? null,
      });
      return objectFrom<IncidentState>(fn, data);
    },
  };
}
