import type { Options } from 'tsup';

/**
 * The one tsup configuration every package builds with: ESM + CJS + `.d.ts`.
 * `noExternal` bundles ESM-only dependencies into the CJS build (p-retry is ESM-only).
 */
export function packageConfig(overrides: Partial<Options> = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: false,
    treeshake: true,
    ...overrides,
  };
}
