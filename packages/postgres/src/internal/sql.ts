/**
 * @internal SQL for an epoch-ms parameter as timestamptz, exact to the microsecond for any date
 * Postgres can hold. (`to_timestamp(ms / 1000)` goes through a double of microseconds and drifts by
 * microseconds past the 23rd century; whole days plus the remainder stay exact.)
 */
export const ts = (param: string) =>
  `((timestamp '1970-01-01' + floor(${param}::numeric / 86400000)::integer * interval '1 day' + (${param}::numeric - floor(${param}::numeric / 86400000) * 86400000)::double precision * interval '1 millisecond') AT TIME ZONE 'UTC')`;

/** @internal SQL reading a timestamptz column as epoch ms (a double every driver returns as a number). */
export const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::double precision`;
