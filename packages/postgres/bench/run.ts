/**
 * Entry point of the @lifeline/postgres benchmarks:
 *  - `stores` (bench/benchmark.ts): idempotency, dead-letter paging and health summary vs bare SQL;
 *  - `queue` (bench/queue-benchmark.ts): postgresQueue end to end vs a bare SKIP LOCKED queue, and BullMQ.
 *
 * Run from packages/postgres: `LIFELINE_TEST_DATABASE_URL=postgres://… pnpm run bench [stores] [queue]`
 * (both when none is named). Each runs in a child process started with the repository's root tsconfig,
 * whose `paths` map `@lifeline/*` to the packages' sources, so it measures the code in the tree without
 * a build.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benches = { stores: './benchmark.ts', queue: './queue-benchmark.ts' } as const;
const asked = process.argv.slice(2).filter((arg) => arg !== '--');
const unknown = asked.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}: choose from ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
const chosen = (asked.length > 0 ? asked : Object.keys(benches)) as (keyof typeof benches)[];
const rootTsconfig = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
for (const name of chosen) {
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(new URL(benches[name], import.meta.url))],
    { stdio: 'inherit', env: { ...process.env, TSX_TSCONFIG_PATH: rootTsconfig } },
  );
  if (result.status !== 0) {
    process.exitCode = result.status ?? 1;
    break;
  }
}
