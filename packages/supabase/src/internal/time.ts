/** @internal Timestamp bounds and the exact `timestamptz` literal, shared with `@lifeline/postgres`. */
export { MAX_TIME, MIN_TIME, pgTime } from '@lifeline/postgres/adapter';
