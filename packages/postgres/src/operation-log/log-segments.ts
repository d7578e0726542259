/** @internal A half-open range `[from, to)` of epoch ms. */
export type Range = readonly [from: number, to: number];

/** @internal Where each part of a window is read from: raw log rows, minute rollups, hour rollups. */
export interface Segments {
  raw: Range[];
  minute: Range[];
  hour: Range[];
}

/** @internal */
export const MINUTE_MS = 60_000;
/** @internal */
export const HOUR_MS = 3_600_000;

const floorTo = (value: number, step: number) => Math.floor(value / step) * step;
const ceilTo = (value: number, step: number) => Math.ceil(value / step) * step;
const nonEmpty = (ranges: Range[]) => ranges.filter(([from, to]) => from < to);

/**
 * @internal Splits `[from, to)` so every whole UTC hour inside it is read from the hour rollup, every
 * other whole minute from the minute rollup, and only the sub-minute edges from raw rows. The parts
 * cover the window exactly once, so counts are exact. `grains` turns tiers off (histogram buckets that
 * are not whole minutes or hours need finer data).
 */
export function segmentsOf(from: number, to: number, grains: { minute: boolean; hour: boolean }): Segments {
  const whole: Segments = { raw: nonEmpty([[from, to]]), minute: [], hour: [] };
  if (!grains.minute) return whole;
  const m1 = ceilTo(from, MINUTE_MS);
  const m2 = floorTo(to, MINUTE_MS);
  if (m1 >= m2) return whole;
  const raw = nonEmpty([
    [from, m1],
    [m2, to],
  ]);
  const h1 = ceilTo(m1, HOUR_MS);
  const h2 = floorTo(m2, HOUR_MS);
  if (!grains.hour || h1 >= h2) return { raw, minute: [[m1, m2]], hour: [] };
  return {
    raw,
    minute: nonEmpty([
      [m1, h1],
      [h2, m2],
    ]),
    hour: [[h1, h2]],
  };
}
