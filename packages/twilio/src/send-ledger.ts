/** @internal What the sender remembers about one idempotency key, in this process. */
export type LedgerEntry =
  | { state: 'sent'; id: string; fingerprint: string; at: number }
  /** A send whose outcome is unknown (timeout, network error, 5xx): Twilio may have accepted it. */
  | { state: 'unknown'; fingerprint: string; since: number; at: number };

/**
 * @internal The sender's memory of keys, newest last. Entries older than `ttlMs` are dropped as new ones
 * arrive, and at most `maxEntries` are kept, so memory stays bounded.
 */
export function sendLedger(ttlMs: number, maxEntries: number) {
  const entries = new Map<string, LedgerEntry>();
  return {
    get: (key: string) => entries.get(key),
    set(key: string, entry: LedgerEntry) {
      entries.delete(key);
      entries.set(key, entry);
      for (const [oldKey, old] of entries) {
        if (entries.size <= maxEntries && old.at > entry.at - ttlMs) break;
        entries.delete(oldKey);
      }
    },
  };
}
