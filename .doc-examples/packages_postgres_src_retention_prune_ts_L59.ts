// packages/postgres/src/retention/prune.ts:59
import { prune } from '@lifeline/postgres';
await prune(sql, {
  now: Date.now(),
  resolvedDeadLettersOlderThanMs: 30 * 86_400_000,
  logOlderThanMs: 14 * 86_400_000,
  sentOutboxOlderThanMs: 7 * 86_400_000,
});

export {};
