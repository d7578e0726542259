import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The one list of test projects: every package and example with a `test/` or `src/` folder.
 * vitest 4 ignores this file by itself; `vitest.config.ts` reads `projects` from here.
 */
const repoRoot = fileURLToPath(new URL('.', import.meta.url));

const packageNames = readdirSync(`${repoRoot}packages`).filter((name) =>
  existsSync(`${repoRoot}packages/${name}/src/index.ts`),
);

/**
 * `@lifeline/<name>` (and its `/adapter` subpath, where the package has one) resolves to the package's
 * source, so tests never need a build first. Subpaths come first: the first matching alias wins.
 */
export const sourceAliases: Record<string, string> = Object.fromEntries([
  ...packageNames
    .filter((name) => existsSync(`${repoRoot}packages/${name}/src/adapter.ts`))
    .map((name) => [`@lifeline/${name}/adapter`, `${repoRoot}packages/${name}/src/adapter.ts`]),
  ...packageNames.map((name) => [`@lifeline/${name}`, `${repoRoot}packages/${name}/src/index.ts`]),
]);

function projectsIn(folder: string): TestProjectInlineConfiguration[] {
  if (!existsSync(`${repoRoot}${folder}`)) return [];
  return readdirSync(`${repoRoot}${folder}`)
    .filter((name) => existsSync(`${repoRoot}${folder}/${name}/package.json`))
    .map((name) => ({
      root: `${repoRoot}${folder}/${name}`,
      resolve: { alias: sourceAliases },
      test: {
        name: folder === 'packages' ? name : `example-${name}`,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        testTimeout: 20_000,
        hookTimeout: 60_000,
      },
    }));
}

/** The repository's own scripts (CI summary, skip policy); their fixtures are not tests of their own. */
const scriptsProject: TestProjectInlineConfiguration = {
  root: `${repoRoot}scripts`,
  test: { name: 'scripts', include: ['test/*.test.ts'], testTimeout: 60_000 },
};

export const projects: TestProjectInlineConfiguration[] = [
  ...projectsIn('packages'),
  ...projectsIn('examples'),
  scriptsProject,
];

export default projects;
