/**
 * @internal Serialises a value for a JSON-text RPC argument (`p_payload`, `p_result`, …); `undefined`
 * becomes null (SQL NULL). JSON goes over as text so `null` and "absent" stay different. Shared with
 * `@lifeline/postgres`.
 */
export { toJson } from '@lifeline/postgres/adapter';
