import type { ProgressSnapshot } from './display';

/** What the `--crash` worker tells its parent. */
export type WorkerMessage =
  | { type: 'run'; runId: number }
  | { type: 'progress'; snapshot: ProgressSnapshot }
  | { type: 'line'; text: string }
  | { type: 'resumed'; jobs: number }
  | { type: 'done'; worldErrors: string[] };
