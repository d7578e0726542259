import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';

// Runs the program of docs/getting-started.md (the one ```ts fence marked `file=main.ts`) the way the
// guide tells a reader to, and checks that it prints exactly the output the guide shows (the ```text
// fence marked `output=main.ts`). If either the code or the documented output drifts, this fails.

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const guidePath = join(repoRoot, 'docs/getting-started.md');
const run = promisify(execFile);

/** The body of the one fence in `markdown` whose info string has `marker`; fails unless there is exactly one. */
function fence(markdown: string, marker: string): string {
  const found = [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm)].filter((match) =>
    match[1]!.split(/\s+/).includes(marker),
  );
  expect(found, `fences marked ${marker} in docs/getting-started.md`).toHaveLength(1);
  return found[0]![2]!;
}

// Inside the repository (so the workspace packages and zod resolve), removed afterwards; .gitignore'd.
const workDir = mkdtempSync(join(repoRoot, '.doc-examples-guide-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('docs/getting-started.md', () => {
  test('its program prints exactly the output the guide shows', async () => {
    const guide = readFileSync(guidePath, 'utf8');
    const program = fence(guide, 'file=main.ts');
    const documented = fence(guide, 'output=main.ts');

    // What the guide's reader has after `npm install @lifeline/core zod` in a `"type": "module"` project,
    // with @lifeline/core resolved to this repository's source (tsx reads `paths` from tsconfig.json).
    writeFileSync(join(workDir, 'main.ts'), program);
    writeFileSync(join(workDir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(
      join(workDir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { paths: { '@lifeline/*': ['../packages/*/src/index.ts'] } } }),
    );
    mkdirSync(join(workDir, 'node_modules'));
    symlinkSync(join(repoRoot, 'packages/core/node_modules/zod'), join(workDir, 'node_modules/zod'), 'dir');

    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'main.ts'], {
      cwd: workDir,
      timeout: 60_000,
      env: { ...process.env, NODE_OPTIONS: '' },
    });

    expect(stderr).toBe('');
    expect(stdout.trimEnd().split('\n')).toEqual(documented.trimEnd().split('\n'));
  }, 90_000);
});
