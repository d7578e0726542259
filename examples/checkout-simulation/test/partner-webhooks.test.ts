import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOptions } from '../src/options';
import { reportRun } from '../src/report/report-run';
import { silentDisplay } from '../src/run/display';
import { simulate } from '../src/run/simulate';
import { type PartnerRecord, partnerJournalPath } from '../src/world/partner-standin';

const dataDir = mkdtempSync(join(tmpdir(), 'lifeline-partner-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.sequential('--partner-webhooks (partner stand-in receiver on 127.0.0.1, virtual clock)', () => {
  it('parses the flag, off by default', () => {
    expect(parseOptions([])).toMatchObject({ partnerWebhooks: false });
    expect(parseOptions(['--partner-webhooks'])).toMatchObject({ partnerWebhooks: true });
  });

  it('announces every fulfilled purchase to the partner once in effect, through faults; the check bites', async () => {
    const result = await simulate({
      purchases: 60,
      seed: 21,
      faultRate: 0.5,
      duplicates: 0.2,
      realTime: false,
      dataDir,
      partnerWebhooks: true,
      display: silentDisplay(),
    });
    expect(result.worldErrors).toEqual([]);
    const report = await reportRun(dataDir, result.run.id);
    expect(report.verdict.violations).toEqual([]);
    const partner = report.partner!;
    expect(partner.violations).toEqual([]);
    expect(partner.fulfilled).toBe(report.verdict.fulfilled);
    expect(partner.fulfilled).toBeGreaterThan(40);
    expect(partner.delivered + partner.deadLettered).toBe(partner.fulfilled);

    // The partner's journal is the evidence: one verified, applied delivery per delivered purchase.
    const lines = readFileSync(partnerJournalPath(dataDir), 'utf8').split('\n').filter(Boolean);
    const accepted = lines.map((l) => JSON.parse(l) as PartnerRecord).filter((r) => r.type === 'accepted');
    expect(new Set(accepted.map((r) => r.webhookId)).size).toBe(partner.delivered);

    // Erase one purchase's delivery from the partner's record: the check reports it lost.
    const victim = accepted[0]!;
    writeFileSync(
      partnerJournalPath(dataDir),
      `${lines.filter((l) => !l.includes(`"webhookId":"${victim.webhookId}"`)).join('\n')}\n`,
    );
    const broken = await reportRun(dataDir, result.run.id);
    expect(broken.verdict.ok).toBe(false);
    expect(broken.partner?.violations).toEqual([
      expect.objectContaining({ purchaseId: victim.purchaseId, rule: 'partner-notice-lost' }),
    ]);
  }, 180_000);
});
