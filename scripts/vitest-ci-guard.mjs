// vitest globalSetup: under CI=true, refuse to start a run that a LIFELINE_SKIP_* variable would
// quietly shrink (scripts/summary.mjs also fails the run afterwards if any test was skipped).
import { ciSkipViolations } from './lib/skip-policy.mjs';

export default function ciGuard() {
  const violations = ciSkipViolations(process.env, undefined);
  if (violations.length > 0) throw new Error(`CI run refused:\n- ${violations.join('\n- ')}`);
}
