import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles a TypeScript script (and the `@lifeline/*` sources it imports, through the root tsconfig's
 * `paths`) into one CommonJS file in a temporary folder, and returns its path. A crash test starts its
 * worker process many times: plain `node bundle.cjs` starts in a fraction of a second, where `tsx`
 * compiles and loads a hundred modules on every start (tens of seconds on a loaded 2-core machine).
 */
export async function bundleScript(entry: URL): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'lifeline-bundle-')), 'script.cjs');
  await build({
    entryPoints: [fileURLToPath(entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    tsconfig: fileURLToPath(new URL('../../../../tsconfig.json', import.meta.url)),
    // pg loads its optional native binding lazily; it is not installed.
    external: ['pg-native'],
    logLevel: 'warning',
  });
  return outfile;
}
