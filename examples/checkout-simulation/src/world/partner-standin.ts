import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Clock } from '@lifeline/core';
import { Webhook } from 'standardwebhooks';
import { between, rollFor } from '../random';
import { type Journal, jsonlJournal } from './journal';

/** One line of the partner's journal. */
export type PartnerRecord =
  /** `--partner-webhooks` was on for this run: the invariant check covers the partner. */
  | { type: 'enabled'; runId: number; at: number }
  /** A verified delivery the partner acknowledged with 2xx; `duplicate` when its `webhook-id` was seen before. */
  | { type: 'accepted'; at: number; webhookId: string; purchaseId: string; duplicate: boolean };

/** The partner's journal file in a data directory. */
export const partnerJournalPath = (root: string): string => join(root, 'partner.jsonl');

/** The partner endpoint's signing secret, from the seed alone (a restarted worker signs with the same). */
export const partnerSecretFor = (seed: number): string =>
  `whsec_${createHash('sha256').update(`partner-${seed}`).digest('base64')}`;

/** Options of {@link partnerStandIn}. */
export interface PartnerStandInOptions {
  clock: Clock;
  root: string;
  seed: number;
  runId: number;
  /** Chance that one request fails (500, 503, or 429 with `Retry-After`). */
  faultRate: number;
  secret: string;
}

/**
 * A LOCAL STAND-IN for a partner's webhook receiver: a real node:http server on 127.0.0.1 that checks
 * every request with the real `standardwebhooks` package, fails at the fault rate (500, 503, or 429
 * with `Retry-After`), and otherwise answers 204 and journals the delivery. Like a careful receiver it
 * dedupes on `webhook-id` (a repeat is acknowledged, journaled as a duplicate, and not applied again).
 */
export async function partnerStandIn(options: PartnerStandInOptions) {
  const { seed, faultRate } = options;
  const journal: Journal<PartnerRecord> = jsonlJournal(partnerJournalPath(options.root));
  const seen = new Set<string>();
  for (const record of journal.read()) if (record.type === 'accepted') seen.add(record.webhookId);
  const hasRun = journal.read().some((r) => r.type === 'enabled' && r.runId === options.runId);
  if (!hasRun) journal.append({ type: 'enabled', runId: options.runId, at: options.clock.now() });
  const verifier = new Webhook(options.secret);
  const calls = new Map<string, number>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v ?? '')]));
      let payload: { data?: { purchaseId?: unknown } };
      try {
        payload = verifier.verify(body, headers) as typeof payload;
      } catch {
        res.writeHead(400).end('bad signature');
        return;
      }
      const webhookId = headers['webhook-id']!;
      const call = (calls.get(webhookId) ?? 0) + 1;
      calls.set(webhookId, call);
      const roll = rollFor(seed, 'partner', webhookId, call);
      if (roll < faultRate) {
        const kind = rollFor(seed, 'partner-kind', webhookId, call);
        if (kind < 0.4) return void res.writeHead(500).end('partner error');
        if (kind < 0.7) return void res.writeHead(503).end('partner unavailable');
        const wait = between(rollFor(seed, 'partner-wait', webhookId, call), 1, 30);
        return void res.writeHead(429, { 'retry-after': String(wait) }).end('slow down');
      }
      const duplicate = seen.has(webhookId);
      seen.add(webhookId);
      journal.append({
        type: 'accepted',
        at: options.clock.now(),
        webhookId,
        purchaseId: String(payload?.data?.purchaseId ?? ''),
        duplicate,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/partner/webhooks`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
