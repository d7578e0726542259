import type { Options } from 'tsup';

/**
 * The one tsup configuration every package builds with: ESM + CJS + `.d.ts`.
 * `noExternal` bundles ESM-only dependencies into the CJS build (p-retry is ESM-only).
 * `keepNames` keeps every class's own name in the bundle: without it esbuild renames a class that refers
 * to itself (`ValidationError` became `_ValidationError`), and errors take their `name` from the class.
 */
export function packageConfig(overrides: Partial<Options> = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    // stripInternal: declarations whose doc comment says `@internal` are left out of the published types.
    dts: { compilerOptions: { ignoreDeprecations: '6.0', stripInternal: true } },
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: false,
    treeshake: true,
    keepNames: true,
    ...overrides,
  };
}
