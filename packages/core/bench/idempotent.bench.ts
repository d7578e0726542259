import type { BenchResult } from './harness';

/** Placeholder until the idempotency bench lands: the helper writing `idempotent` replaces this file. */
export async function benchIdempotent(): Promise<BenchResult[]> {
  throw new Error('not implemented');
}
