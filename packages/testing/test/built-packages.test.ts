import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';

/**
 * Loads every package's BUILT entries (CJS with require(), ESM with import()) the way users will.
 * Catches what publint and attw cannot: an ESM-only dependency (p-retry) not bundled into the CJS
 * build makes its functions "not a function" only at run time. Needs `pnpm build` first.
 */
const packagesDir = fileURLToPath(new URL('../../', import.meta.url));
const packages = readdirSync(packagesDir).filter(
  (name) =>
    existsSync(`${packagesDir}${name}/package.json`) && existsSync(`${packagesDir}${name}/src/index.ts`),
);
const require = createRequire(import.meta.url);

describe.each(packages)('@lifeline/%s built entries', (name) => {
  const dir = `${packagesDir}${name}`;
  const manifest = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
  const cjs = `${dir}/${manifest.exports['.'].require.default}`;
  const esm = `${dir}/${manifest.exports['.'].import.default}`;

  test('exist (run `pnpm build` first)', () => {
    expect(existsSync(cjs), `${cjs} is missing: run pnpm build`).toBe(true);
    expect(existsSync(esm), `${esm} is missing: run pnpm build`).toBe(true);
  });

  test('CJS and ESM export the same names', async () => {
    const fromCjs = Object.keys(require(cjs)).sort();
    const fromEsm = Object.keys(await import(pathToFileURL(esm).href))
      .filter((k) => k !== 'default')
      .sort();
    expect(fromCjs.length).toBeGreaterThan(0);
    expect(fromCjs).toEqual(fromEsm);
  });
});

test('the CJS build of @lifeline/core runs retry() (p-retry bundled) and a whole operation', async () => {
  const core = require(`${packagesDir}core/dist/index.cjs`);
  let calls = 0;
  const result = await core.retry(
    async () => {
      if (++calls < 3) throw new Error('flaky');
      return 'ok';
    },
    { attempts: 3, backoff: { initialMs: 1, maxMs: 1, jitter: 'none' } },
  );
  expect(result).toBe('ok');
  expect(calls).toBe(3);
  const { z } = require('zod');
  const op = core.defineOperation({
    name: 'cjs/op',
    kind: 'job',
    schema: z.object({ n: z.number() }),
    run: async () => 'done',
  });
  const lifeline = core.createLifeline({ operations: [op], logger: core.silentLogger() });
  await lifeline.send(op, { n: 1 });
  await lifeline.drain();
  expect((await lifeline.health()).kinds.job.succeeded).toBe(1);
});
