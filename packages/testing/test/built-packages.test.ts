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

/** Every `exports` entry of every package (`.` and subpaths such as `./adapter`), with its built files. */
const entries = packages.flatMap((name) => {
  const dir = `${packagesDir}${name}`;
  const manifest = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
  return Object.entries(manifest.exports as Record<string, unknown>)
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, target]) => {
      const { import: esm, require: cjs } = target as Record<'import' | 'require', { default: string }>;
      return {
        entry: `@lifeline/${name}${subpath === '.' ? '' : subpath.slice(1)}`,
        cjs: `${dir}/${cjs.default}`,
        esm: `${dir}/${esm.default}`,
      };
    });
});

describe.each(entries)('$entry built entries', ({ cjs, esm }) => {
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

  test('every exported error class keeps its own name (no bundler-renamed `_ValidationError`)', async () => {
    for (const module of [require(cjs), await import(pathToFileURL(esm).href)]) {
      const errorClasses = Object.entries(module as Record<string, unknown>).filter(
        ([, value]) =>
          typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof Error,
      ) as [string, abstract new (...args: never[]) => Error][];
      for (const [exportName, errorClass] of errorClasses) expect(errorClass.name).toBe(exportName);
    }
  });
});

test('errors made by the built entries carry their class name in `name`', async () => {
  for (const core of [
    require(`${packagesDir}core/dist/index.cjs`),
    await import(pathToFileURL(`${packagesDir}core/dist/index.js`).href),
  ]) {
    expect(new core.ValidationError('bad', []).name).toBe('ValidationError');
    expect(new core.PermanentError('no').name).toBe('PermanentError');
    expect(new core.ConfigurationError('missing').name).toBe('ConfigurationError');
    const { z } = require('zod');
    const parsed = z.object({ n: z.number() }).safeParse({ n: 'x' });
    const fromZod = core.ValidationError.fromZod('input', parsed.error, { n: 'x' });
    expect(fromZod.name).toBe('ValidationError');
    expect(String(fromZod)).toMatch(/^ValidationError: /);
  }
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

test('@lifeline/core and @lifeline/core/adapter share one copy of each class (split chunks), in CJS and ESM', async () => {
  const { z } = require('zod');
  const pairs = [
    [require(`${packagesDir}core/dist/index.cjs`), require(`${packagesDir}core/dist/adapter.cjs`)],
    [
      await import(pathToFileURL(`${packagesDir}core/dist/index.js`).href),
      await import(pathToFileURL(`${packagesDir}core/dist/adapter.js`).href),
    ],
  ];
  for (const [core, adapter] of pairs) {
    let thrown: unknown;
    try {
      adapter.parseOrThrow(z.object({ n: z.number() }), 'input', { n: 'x' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(core.ValidationError);
    expect(core.isValidationError(thrown)).toBe(true);
  }
});

test('@lifeline/postgres no longer exports its adapter kit from the main entry', () => {
  const postgres = require(`${packagesDir}postgres/dist/index.cjs`);
  expect(postgres.adapterKit).toBeUndefined();
  expect(typeof require(`${packagesDir}postgres/dist/adapter.cjs`).pgTime).toBe('function');
});
