/**
 * A tiny benchmark harness: times batches of calls with `process.hrtime.bigint()`, reports
 * ops/sec and the median ns/op, and compares a candidate with a reference run in the same process.
 */

/** Options of {@link measure} and {@link measureInterleaved}. */
export interface MeasureOptions {
  /** Timed calls (per round for {@link measureInterleaved}). */
  iterations: number;
  /** Untimed calls first, so the JIT has settled. */
  warmup: number;
  /** Calls per timed sample; the median is taken over samples. Default 100. */
  batch?: number;
}

/** Timing of one function. */
export interface Measurement {
  name: string;
  /** Timed calls made. */
  iterations: number;
  /** Calls per second over all timed calls. */
  opsPerSec: number;
  /** Median over samples of the mean ns per call in the sample. */
  medianNs: number;
}

/** A measurement, optionally beside the reference it is judged against. */
export interface BenchResult extends Measurement {
  reference?: Measurement;
  /**
   * `reference.opsPerSec / opsPerSec`, throughput over the same interleaved rounds: 1.1 means 10% slower
   * than the reference.
   */
  ratio?: number;
  /** Largest acceptable ratio. */
  goal?: number;
  /** `ratio <= goal`, when both are known. */
  pass?: boolean;
}

type Fn = () => unknown;

interface Samples {
  nsPerOp: number[];
  totalNs: bigint;
  calls: number;
}

async function sample(fn: Fn, calls: number, batch: number, into: Samples): Promise<void> {
  for (let done = 0; done < calls; done += batch) {
    const n = Math.min(batch, calls - done);
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn();
    const elapsed = process.hrtime.bigint() - start;
    into.nsPerOp.push(Number(elapsed) / n);
    into.totalNs += elapsed;
    into.calls += n;
  }
}

async function warm(fn: Fn, warmup: number): Promise<void> {
  for (let i = 0; i < warmup; i++) await fn();
}

function summarise(name: string, samples: Samples): Measurement {
  const sorted = [...samples.nsPerOp].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianNs = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    name,
    iterations: samples.calls,
    opsPerSec: samples.calls / (Number(samples.totalNs) / 1e9),
    medianNs,
  };
}

const empty = (): Samples => ({ nsPerOp: [], totalNs: 0n, calls: 0 });

/** Times `fn` (awaited when it returns a promise): `warmup` untimed calls, then `iterations` timed ones. */
export async function measure(name: string, fn: Fn, options: MeasureOptions): Promise<Measurement> {
  await warm(fn, options.warmup);
  const samples = empty();
  await sample(fn, options.iterations, options.batch ?? 100, samples);
  return summarise(name, samples);
}

/**
 * Times several functions in alternating rounds (A, B, A, B, ...), so drift in machine load hits
 * all of them alike; samples from every round are pooled per function.
 */
export async function measureInterleaved(
  fns: Record<string, Fn>,
  options: MeasureOptions & { rounds: number },
): Promise<Record<string, Measurement>> {
  const entries = Object.entries(fns);
  const pools = new Map(entries.map(([name]) => [name, empty()]));
  for (const [, fn] of entries) await warm(fn, options.warmup);
  for (let round = 0; round < options.rounds; round++) {
    // Alternate the order too, so neither always runs right after the other's garbage.
    const order = round % 2 ? [...entries].reverse() : entries;
    for (const [name, fn] of order)
      await sample(fn, options.iterations, options.batch ?? 100, pools.get(name)!);
  }
  return Object.fromEntries(entries.map(([name]) => [name, summarise(name, pools.get(name)!)]));
}

/**
 * Sets `candidate` beside `reference`: the ratio of their throughputs (all timed calls of every round,
 * pooled; not a median of one-batch samples) and, when a `goal` is given, whether it meets it (without a
 * goal the row is for information only).
 */
export function compare(candidate: Measurement, reference: Measurement, goal?: number): BenchResult {
  const ratio = reference.opsPerSec / candidate.opsPerSec;
  return goal === undefined
    ? { ...candidate, reference, ratio }
    : { ...candidate, reference, ratio, goal, pass: ratio <= goal };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

/** Prints one row per result: its figures, its reference's figures, the ratio and the goal. */
export function printTable(results: readonly BenchResult[]): void {
  const rows = results.map((r) => ({
    benchmark: r.name,
    'ops/sec': fmt(r.opsPerSec),
    'median ns/op': fmt(r.medianNs, 1),
    reference: r.reference?.name ?? '',
    'ref ops/sec': r.reference ? fmt(r.reference.opsPerSec) : '',
    'ref median ns/op': r.reference ? fmt(r.reference.medianNs, 1) : '',
    ratio: r.ratio === undefined ? '' : `${r.ratio.toFixed(3)}x`,
    goal: r.goal === undefined ? '' : `<= ${r.goal}x`,
    verdict: r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL',
  }));
  console.table(rows);
}
