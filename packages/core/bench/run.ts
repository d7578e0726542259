import { type BenchResult, printTable } from './harness';
import { benchIdempotent } from './idempotent.bench';
import { benchQueue } from './queue.bench';
import { benchRetry } from './retry.bench';

/** Every bench in this folder, by name. Add new ones here. */
const benches: Record<string, () => Promise<BenchResult[]>> = { benchRetry, benchIdempotent, benchQueue };

// `pnpm --filter @lifeline/core bench benchQueue` runs only the benches named; no names: all of them.
const only = process.argv.slice(2);
const all: BenchResult[] = [];
for (const [name, bench] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(name)) continue;
  try {
    all.push(...(await bench()));
  } catch (error) {
    console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
printTable(all);
if (all.some((r) => r.pass === false)) process.exitCode = 1;
