import { ValidationError } from '@lifeline/core';

/** The earliest and latest epoch ms Lifeline stores: 0001-01-01 .. 9999-12-31 (UTC). */
export const MIN_TIME = -62_135_596_800_000;
/** The latest epoch ms Lifeline stores (9999-12-31T23:59:59.999Z). */
export const MAX_TIME = 253_402_300_799_999;

/** SQL for a timestamptz parameter whose value comes from {@link pgTime}. */
export const ts = (param: string) => `${param}::timestamptz`;

/** SQL reading a timestamptz column as epoch ms (a double every driver returns as a number). */
export const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::double precision`;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * Epoch ms as an ISO timestamptz literal with microseconds (`2026-01-01 00:00:00.123000+00`),
 * exact for any time from year 1 to 9999 and independent of the session's time zone and DateStyle.
 * Parsing a literal costs the server far less than computing the time from a number in SQL.
 */
export function pgTime(epochMs: number): string {
  if (!Number.isFinite(epochMs) || epochMs < MIN_TIME || epochMs > MAX_TIME) {
    throw new ValidationError('time', [
      { path: '(root)', message: 'must be epoch ms between years 1 and 9999', received: epochMs },
    ]);
  }
  let whole = Math.floor(epochMs);
  let micros = Math.round((epochMs - whole) * 1000);
  if (micros === 1000) {
    whole += 1;
    micros = 0;
  }
  const d = new Date(whole);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(micros, 3)}+00`
  );
}
