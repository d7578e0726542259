import { createHmac } from 'node:crypto';
import type { DownloadLinks } from '../app/ports';
import { rollFor } from '../random';

/**
 * Stands in for the file storage that signs download links (Supabase Storage, S3): half the fault rate
 * of 503s, rolled per purchase and call from the seed. Links are HMAC-signed and carry their expiry.
 */
export function downloadLinksStandIn(options: { seed: number; faultRate: number }): DownloadLinks {
  const calls = new Map<string, number>();
  return {
    async create(purchaseId, { expiresAt }) {
      const call = (calls.get(purchaseId) ?? 0) + 1;
      calls.set(purchaseId, call);
      if (rollFor(options.seed, 'storage', purchaseId, call) < options.faultRate / 2) {
        throw Object.assign(new Error('Storage unavailable: could not sign the download link (503)'), {
          status: 503,
        });
      }
      const expires = Math.floor(expiresAt / 1000);
      const token = createHmac('sha256', `storage-${options.seed}`)
        .update(`${purchaseId}:${expires}`)
        .digest('hex')
        .slice(0, 32);
      return `https://files.leads.example/downloads/${purchaseId}.csv?expires=${expires}&token=${token}`;
    },
  };
}
