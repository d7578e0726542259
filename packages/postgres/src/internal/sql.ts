/** @internal SQL for an epoch-ms parameter as timestamptz (exact to the microsecond). */
export const ts = (param: string) => `to_timestamp(${param}::double precision / 1000)`;

/** @internal SQL reading a timestamptz column as epoch ms (a double every driver returns as a number). */
export const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::double precision`;
