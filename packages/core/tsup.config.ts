import { defineConfig } from 'tsup';
import { packageConfig } from '../../tsup.base';

// Two entries (`@lifeline/core` and `@lifeline/core/adapter`) share one copy of every module through
// split chunks, so an error class is the same class whichever entry it was imported from.
// Beware: with `stripInternal`, ANY comment (even `//`) containing the at-internal tag strips the
// declaration that follows it from the published types.
export default defineConfig(
  packageConfig({
    entry: ['src/index.ts', 'src/adapter.ts'],
    splitting: true,
    noExternal: ['p-retry', 'is-network-error'],
  }),
);
