/**
 * Entry point of the @lifeline/postgres benchmark (see bench/benchmark.ts for what it measures).
 *
 * Run from packages/postgres: `LIFELINE_TEST_DATABASE_URL=postgres://… pnpm exec tsx bench/run.ts`.
 * It re-runs itself with the repository's root tsconfig, whose `paths` map `@lifeline/*` to the packages'
 * sources, so it measures the code in the tree without a build.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const rootTsconfig = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
if (process.env.TSX_TSCONFIG_PATH === rootTsconfig) {
  await import('./benchmark');
} else {
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(new URL('./benchmark.ts', import.meta.url))],
    {
      stdio: 'inherit',
      env: { ...process.env, TSX_TSCONFIG_PATH: rootTsconfig },
    },
  );
  process.exitCode = result.status ?? 1;
}
