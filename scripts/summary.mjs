// Prints the test run's totals as one plain line: "Tests: N passed, N failed, N skipped".
// Exits 1 when nothing passed, anything failed, or (under CI=true) anything was skipped or a
// LIFELINE_SKIP_* variable is set: see scripts/lib/skip-policy.mjs.
import { readFileSync } from 'node:fs';
import { ciSkipViolations } from './lib/skip-policy.mjs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`No test report at ${file}: ${error.message}`);
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
const violations = ciSkipViolations(process.env, skipped);
for (const violation of violations) console.error(`CI: ${violation}`);
if (passed === 0 || failed > 0 || violations.length > 0) process.exit(1);
