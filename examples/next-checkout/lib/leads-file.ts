import { createHash } from 'node:crypto';
import type { Purchase } from './purchases';

const COMPANIES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark',
  'Wayne',
  'Tyrell',
  'Soylent',
  'Vandelay',
];
const FIRST = ['Ada', 'Grace', 'Alan', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Frances', 'Linus', 'Radia'];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Liskov',
  'Thompson',
  'Hamilton',
  'Ritchie',
  'Allen',
  'Torvalds',
  'Perlman',
];
const ROLES = ['CTO', 'Head of Engineering', 'VP Sales', 'Founder', 'Operations Lead'];

/** `leads-growth-pack-1a2b3c4d.csv`. */
export const leadsFileName = (purchase: Purchase): string =>
  `leads-${purchase.productName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${purchase.id.slice(4, 12)}.csv`;

/**
 * The file a purchase bought: `totalLeads` rows of CSV. A real shop streams it from storage; here the
 * rows are made up, fixed by the purchase id, so the same purchase always downloads the same file.
 */
export function leadsCsv(purchase: Purchase): string {
  const seed = createHash('sha256').update(purchase.id).digest();
  const pick = <T>(list: readonly T[], row: number, salt: number): T =>
    list[(seed[(row * 7 + salt) % seed.length]! + row * (salt + 3)) % list.length]!;
  const rows = ['company,contact,role,email'];
  for (let row = 0; row < purchase.totalLeads; row++) {
    const company = `${pick(COMPANIES, row, 1)} ${['Labs', 'Inc', 'GmbH', 'Ltd'][row % 4]}`;
    const first = pick(FIRST, row, 2);
    const last = pick(LAST, row, 5);
    const domain = `${company.toLowerCase().replace(/[^a-z]+/g, '')}${row}.example`;
    rows.push(`${company},${first} ${last},${pick(ROLES, row, 3)},${first.toLowerCase()}@${domain}`);
  }
  return `${rows.join('\n')}\n`;
}
