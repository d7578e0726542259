// The one rule for skipped tests in CI: under CI=true nothing may be skipped, neither by a test
// (it.skip, describe.skipIf, todo) nor by an environment variable that switches a group of tests off.
// Used by scripts/summary.mjs (after the run) and vitest.ci-guard.ts (before it).

/** Environment variables that switch whole groups of tests off when set to '1'. */
export const SKIP_VARIABLES = ['LIFELINE_SKIP_PG_SERVER', 'LIFELINE_SKIP_BROWSER'];

/** True when `env` says this is a CI run (`CI=true` or `CI=1`, as CI providers set it). */
export function isCi(env) {
  return env.CI === 'true' || env.CI === '1';
}

/** The skip variables `env` sets, e.g. `['LIFELINE_SKIP_BROWSER=1']`. */
export function skipVariablesSet(env) {
  return SKIP_VARIABLES.filter(
    (name) => env[name] !== undefined && env[name] !== '' && env[name] !== '0',
  ).map((name) => `${name}=${env[name]}`);
}

/**
 * Why this run must fail under CI, or [] when it may pass. `skipped` is the number of skipped or todo
 * tests (undefined before the run).
 */
export function ciSkipViolations(env, skipped) {
  if (!isCi(env)) return [];
  const violations = skipVariablesSet(env).map(
    (setting) => `${setting} is set, but CI must run every test: unset it and provide the service it skips.`,
  );
  if (skipped !== undefined && skipped > 0)
    violations.push(
      `${skipped} test(s) were skipped, but CI must run every test: remove the skip or make the test fail loudly.`,
    );
  return violations;
}
