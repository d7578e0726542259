import type { DeadLetter, DeadLetterErrorGroup } from '../contracts/dead-letter-store';

/** @internal Orders groups as `groupByError` promises: count desc, lastFailedAt desc, fingerprint asc. */
export function compareGroups(a: DeadLetterErrorGroup, b: DeadLetterErrorGroup): number {
  if (a.count !== b.count) return b.count - a.count;
  if (a.lastFailedAt !== b.lastFailedAt) return b.lastFailedAt - a.lastFailedAt;
  return a.errorFingerprint < b.errorFingerprint ? -1 : a.errorFingerprint > b.errorFingerprint ? 1 : 0;
}

/**
 * @internal Groups entries by `errorFingerprint`; the sample name and message are the group's latest entry's
 * (by `(failedAt, id)`).
 */
export function groupDeadLetters(entries: readonly DeadLetter[], limit: number): DeadLetterErrorGroup[] {
  const groups = new Map<string, DeadLetterErrorGroup & { latestId: string }>();
  for (const entry of entries) {
    const group = groups.get(entry.errorFingerprint);
    if (!group) {
      groups.set(entry.errorFingerprint, {
        errorFingerprint: entry.errorFingerprint,
        errorName: entry.error.name,
        sampleMessage: entry.error.message,
        count: 1,
        firstFailedAt: entry.failedAt,
        lastFailedAt: entry.failedAt,
        latestId: entry.id,
      });
      continue;
    }
    group.count++;
    group.firstFailedAt = Math.min(group.firstFailedAt, entry.failedAt);
    if (
      entry.failedAt > group.lastFailedAt ||
      (entry.failedAt === group.lastFailedAt && entry.id > group.latestId)
    ) {
      group.lastFailedAt = entry.failedAt;
      group.latestId = entry.id;
      group.errorName = entry.error.name;
      group.sampleMessage = entry.error.message;
    }
  }
  return [...groups.values()]
    .map(({ latestId: _latestId, ...group }) => group)
    .sort(compareGroups)
    .slice(0, limit);
}
