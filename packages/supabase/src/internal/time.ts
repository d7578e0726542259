import { ValidationError } from '@lifeline/core';

/** @internal The earliest and latest epoch ms Lifeline stores: 0001-01-01 .. 9999-12-31 (UTC). */
export const MIN_TIME = -62_135_596_800_000;
/** @internal */
export const MAX_TIME = 253_402_300_799_999;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * @internal Epoch ms as a timestamptz literal with microseconds (`2026-01-01 00:00:00.123000+00`), the
 * form the RPC functions' `timestamptz` arguments take: exact for any time from year 1 to 9999 and
 * independent of the server's time zone.
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
