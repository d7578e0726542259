import { adapterKit } from '@lifeline/postgres';

/** @internal Timestamp bounds and the exact `timestamptz` literal, shared with `@lifeline/postgres`. */
export const { MAX_TIME, MIN_TIME, pgTime } = adapterKit;
