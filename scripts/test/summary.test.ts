import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Runs `node <args>` from the repo root with exactly `env` (plus PATH), so the caller's CI vars don't leak in. */
function node(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('scripts/summary.mjs', () => {
  test('a run with a skipped test passes locally', () => {
    const run = node(['scripts/summary.mjs', fixture('report-skipped.json')], {});
    expect(run.output).toContain('Tests: 3 passed, 0 failed, 1 skipped');
    expect(run.code).toBe(0);
  });

  test('the same run fails under CI=true and says why', () => {
    const run = node(['scripts/summary.mjs', fixture('report-skipped.json')], { CI: 'true' });
    expect(run.code).toBe(1);
    expect(run.output).toContain('1 test(s) were skipped');
  });

  test('a clean run fails under CI=true when a skip variable is set', () => {
    const clean = node(['scripts/summary.mjs', fixture('report-clean.json')], { CI: 'true' });
    expect(clean.code).toBe(0);
    for (const name of ['LIFELINE_SKIP_PG_SERVER', 'LIFELINE_SKIP_BROWSER']) {
      const run = node(['scripts/summary.mjs', fixture('report-clean.json')], { CI: 'true', [name]: '1' });
      expect(run.code).toBe(1);
      expect(run.output).toContain(`${name}=1 is set`);
    }
  });
});

describe('a real vitest run of a fixture with one skipped test', () => {
  const vitest = (env: Record<string, string>, outputFile: string) =>
    node(
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        '--config',
        'scripts/test/fixtures/vitest.fixture.config.mjs',
        '--reporter=json',
        `--outputFile.json=${outputFile}`,
      ],
      env,
    );

  test('its report fails summary.mjs under CI=true, and passes without CI', () => {
    const report = fileURLToPath(new URL('../../test-artifacts/ci-guard-fixture.json', import.meta.url));
    const run = vitest({}, report);
    expect(run.code).toBe(0);
    expect(node(['scripts/summary.mjs', report], {}).code).toBe(0);
    const ci = node(['scripts/summary.mjs', report], { CI: 'true' });
    expect(ci.code).toBe(1);
    expect(ci.output).toContain('Tests: 1 passed, 0 failed, 1 skipped');
  }, 60_000);

  test('the global setup refuses to start under CI=true with a skip variable set', () => {
    const report = fileURLToPath(new URL('../../test-artifacts/ci-guard-refused.json', import.meta.url));
    const run = vitest({ CI: 'true', LIFELINE_SKIP_BROWSER: '1' }, report);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('LIFELINE_SKIP_BROWSER=1 is set');
  }, 60_000);
});
