import { defineConfig } from 'vitest/config';
import { projects } from './vitest.workspace.ts';

export default defineConfig({
  test: {
    projects,
    passWithNoTests: false,
    // Under CI=true a LIFELINE_SKIP_* variable refuses the run (scripts/lib/skip-policy.mjs).
    globalSetup: ['./scripts/vitest-ci-guard.mjs'],
  },
});
