import {
  type DeadLetter,
  type DeadLetterStore,
  isInvalidTransitionError,
  type NewDeadLetter,
  type SerializedError,
} from '@lifeline/core';
import { errorFingerprint, REDRIVE_LEASE_EXPIRED_NOTE } from '@lifeline/core/adapter';
import { pgPoolClient, postgresDeadLetterStore } from '@lifeline/postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { supabaseDeadLetterStore } from '../src/index';
import { serverUrl } from './helpers/server';
import { type SupabaseWorld, supabaseWorld } from './helpers/world';

const url = serverUrl();
let world: SupabaseWorld;

/** Far in the future, so no lease ends by the database's own clock: only the calls' `at` decides. */
const T0 = Date.UTC(2040, 0, 1);
const E1: SerializedError = { name: 'Error', message: 'HTTP 503 for p_1' };
const E1B: SerializedError = { name: 'Error', message: 'HTTP 502 for p_22' };
const E2: SerializedError = { name: 'TypeError', message: 'cannot read x' };
const E3: SerializedError = { name: 'RangeError', message: 'quota exceeded' };

const entry = (name: string, customer: string, error: SerializedError, failedAt: number): NewDeadLetter => ({
  kind: 'email',
  name,
  payload: { customer, amountCents: 1999 },
  error,
  attempts: 3,
  idempotencyKey: `key-${customer}-${name}`,
  firstFailedAt: failedAt - 60_000,
  failedAt,
});

/**
 * One triage session over redrive leases: every answer, with ids, keys and the name replaced by stable
 * labels so that two stores' transcripts compare equal.
 */
async function transcript(store: DeadLetterStore, name: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const labels = new Map<string, string>([[name, '<name>']]);
  const label = (value: unknown): unknown =>
    JSON.parse(
      JSON.stringify(value, (_key, v) => (typeof v === 'string' && labels.has(v) ? labels.get(v) : v)),
    );
  const note = (step: string, value: unknown) => out.push([step, label(value)]);
  const keep = (letter: string, dl: DeadLetter) => {
    labels.set(dl.id, `<${letter}>`);
    labels.set(dl.idempotencyKey, `<key ${letter}>`);
    return dl;
  };

  const a = keep('a', await store.record(entry(name, 'Alice-77', E1, T0)));
  const b = keep('b', await store.record(entry(name, 'bob', E1B, T0 + 1)));
  const c = keep('c', await store.record(entry(name, 'carol', E2, T0 + 2)));
  note(
    'a → retrying (lease T0+1000)',
    await store.transition(a.id, {
      from: 'open',
      to: 'retrying',
      by: 'ada',
      at: T0 + 10,
      leaseUntil: T0 + 1_000,
    }),
  );
  note(
    'c → retrying (lease T0+5000)',
    await store.transition(c.id, {
      from: 'open',
      to: 'retrying',
      by: 'ada',
      at: T0 + 10,
      leaseUntil: T0 + 5_000,
    }),
  );
  note('get a', await store.get(a.id));
  const fp1 = errorFingerprint(E1);
  // Before a's lease ends.
  note('byStatus @999', await store.countByStatus({ name, at: T0 + 999 }));
  note('byStatus alice @999', await store.countByStatus({ name, search: 'ALICE', at: T0 + 999 }));
  note('groups open @999', await store.groupByError({ name, status: 'open', at: T0 + 999 }));
  note(
    'count fp1 retrying @999',
    await store.count({ name, errorFingerprint: fp1, status: 'retrying', at: T0 + 999 }),
  );
  // a's lease has ended: a is open again, in every query and with every filter.
  note('byStatus alice @1000', await store.countByStatus({ name, search: 'alice', at: T0 + 1_000 }));
  note('groups open @1000', await store.groupByError({ name, status: 'open', at: T0 + 1_000 }));
  note(
    'list alice fp1 open @1000',
    await store.list({ name, search: 'alice-7', errorFingerprint: fp1, status: 'open', at: T0 + 1_000 }),
  );
  note('count open @1000', await store.count({ name, status: 'open', at: T0 + 1_000 }));
  // c's lease ends at T0+5000: a redrive then finds it open, and writes the reopening in the same move.
  note(
    'c open → retrying @5000',
    await store.transition(c.id, {
      from: 'open',
      to: 'retrying',
      by: 'bob',
      at: T0 + 5_000,
      leaseUntil: T0 + 9_000,
    }),
  );
  note(
    'c retrying → open with E3',
    await store.transition(c.id, { from: 'retrying', to: 'open', by: 'redrive', at: T0 + 6_000, error: E3 }),
  );
  note('list fp3', await store.list({ name, errorFingerprint: errorFingerprint(E3) }));
  note('groups @6000', await store.groupByError({ name, at: T0 + 6_000 }));
  note('byStatus @6000', await store.countByStatus({ name, at: T0 + 6_000 }));
  const refused = await store
    .transition(b.id, { from: 'retrying', to: 'open', by: 'x', at: T0 + 7_000 })
    .then(
      () => 'moved',
      (error: unknown) => (isInvalidTransitionError(error) ? `refused: ${error.actual}` : String(error)),
    );
  note('b retrying → open', refused);
  return out;
}

describe.skipIf(!url)('supabaseDeadLetterStore: redrive leases and triage filters together', () => {
  beforeAll(async () => {
    world = await supabaseWorld(url!, 4);
  });
  afterAll(() => world?.close());

  test('an ended lease counts as open in countByStatus, groupByError, list/count with search and fingerprint, and transition', async () => {
    const name = `supa/redrive-${globalThis.crypto.randomUUID()}`;
    const t = new Map(
      (await transcript(supabaseDeadLetterStore(world.clients.serviceRole), name)) as [string, unknown][],
    );
    const fp1 = errorFingerprint(E1);
    expect(t.get('get a')).toMatchObject({
      status: 'retrying',
      errorFingerprint: fp1,
      redriveLeaseUntil: T0 + 1_000,
    });
    expect(t.get('byStatus @999')).toEqual({ open: 1, retrying: 2, resolved: 0 });
    expect(t.get('byStatus alice @999')).toEqual({ open: 0, retrying: 1, resolved: 0 });
    expect(t.get('groups open @999')).toMatchObject([{ errorFingerprint: fp1, count: 1 }]);
    expect(t.get('count fp1 retrying @999')).toBe(1);
    expect(t.get('byStatus alice @1000')).toEqual({ open: 1, retrying: 0, resolved: 0 });
    expect(t.get('groups open @1000')).toMatchObject([
      { errorFingerprint: fp1, count: 2, sampleMessage: E1B.message },
    ]);
    const [a] = (t.get('list alice fp1 open @1000') as { items: DeadLetter[] }).items;
    expect(a).toMatchObject({ id: '<a>', status: 'open', errorFingerprint: fp1 });
    expect(a).not.toHaveProperty('redriveLeaseUntil');
    expect(a!.history.at(-1)).toEqual({
      from: 'retrying',
      to: 'open',
      by: 'system',
      at: T0 + 1_000,
      note: REDRIVE_LEASE_EXPIRED_NOTE,
    });
    expect(t.get('count open @1000')).toBe(2);
    const redriven = t.get('c open → retrying @5000') as DeadLetter;
    expect(redriven).toMatchObject({
      status: 'retrying',
      retryCount: 2,
      redriveLeaseUntil: T0 + 9_000,
      errorFingerprint: errorFingerprint(E2),
    });
    expect(redriven.history.map((h) => `${h.from}→${h.to} ${h.by}`)).toEqual([
      'open→retrying ada',
      'retrying→open system',
      'open→retrying bob',
    ]);
    const failed = t.get('c retrying → open with E3') as DeadLetter;
    expect(failed).toMatchObject({ status: 'open', error: E3, errorFingerprint: errorFingerprint(E3) });
    expect(failed).not.toHaveProperty('redriveLeaseUntil');
    expect((t.get('list fp3') as { items: DeadLetter[] }).items.map((d) => d.id)).toEqual(['<c>']);
    expect(t.get('byStatus @6000')).toEqual({ open: 3, retrying: 0, resolved: 0 });
    expect(t.get('b retrying → open')).toBe('refused: open');
  });

  test('answers exactly as postgresDeadLetterStore (migrations 003 + 004) in the same session', async () => {
    const supabase = await transcript(
      supabaseDeadLetterStore(world.clients.serviceRole),
      `supa/same-${globalThis.crypto.randomUUID()}`,
    );
    const postgres = await transcript(
      postgresDeadLetterStore(pgPoolClient(world.db.pool), { schema: 'lifeline' }),
      `pg/same-${globalThis.crypto.randomUUID()}`,
    );
    expect(supabase).toEqual(postgres);
  });
});
