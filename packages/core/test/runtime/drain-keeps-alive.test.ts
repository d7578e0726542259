import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../fixtures/drain-script.ts', import.meta.url));

test('awaiting drain() keeps a script alive through a real-clock retry delay (timers are unref-ed)', async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  expect(stdout.trim().split('\n')).toEqual(['ran on attempt 2', 'drained', 'done']);
}, 30_000);
