/**
 * Why {@link postgresQueue} dead-lettered a job without running it: its worker died (the lease ran out
 * without a result) `maxCrashes` times running it. Look for what kills the process (out of memory, a
 * native crash, a deploy killing long jobs); raise `maxCrashes` or `leaseMs` if the job is only slow.
 */
export class JobCrashedError extends Error {
  override readonly name = 'JobCrashedError';
}
