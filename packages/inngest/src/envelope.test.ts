import { defineOperation, type QueuedEvent } from '@lifeline/core';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { toEnvelope, toQueuedEvent } from './envelope';

const operation = defineOperation({
  name: 'shop/receipt',
  kind: 'email',
  schema: z.object({ purchaseId: z.string() }),
  idempotencyKey: (d) => `receipt:${d.purchaseId}`,
  run: async () => 'ok',
});

describe('the envelope carries a queued event through Inngest unchanged', () => {
  const first: QueuedEvent = {
    id: 'evt_1',
    name: 'shop/receipt',
    kind: 'email',
    data: { purchaseId: 'p_1' },
    idempotencyKey: 'receipt:p_1',
    enqueuedAt: 1_700_000_000_000,
  };
  const redrive: QueuedEvent = { ...first, id: 'evt_2', redriveOf: 'dl_1' };

  test.each([
    ['a first send', first],
    ['a redrive', redrive],
  ])('%s round-trips through JSON', (_label, event) => {
    const received = {
      name: 'custom/event-name',
      id: 'inngest-id',
      ts: 1,
      data: JSON.parse(JSON.stringify(toEnvelope(event, 'ada@example.com'))),
    };
    expect(toQueuedEvent(operation, received, 0)).toEqual(event);
  });

  test('the throttle key is only there when known', () => {
    expect(toEnvelope(first)).not.toHaveProperty('throttleKey');
    expect(toEnvelope(first, 'k')).toMatchObject({ throttleKey: 'k' });
  });
});

describe('an event sent without an envelope', () => {
  test('is its own payload, keyed like lifeline.send, with its Inngest id and time', () => {
    expect(
      toQueuedEvent(operation, { name: 'shop/receipt', id: '01HX', ts: 42, data: { purchaseId: 'p_9' } }, 7),
    ).toEqual({
      id: '01HX',
      name: 'shop/receipt',
      kind: 'email',
      data: { purchaseId: 'p_9' },
      idempotencyKey: 'receipt:p_9',
      enqueuedAt: 42,
    });
  });

  test('with an invalid payload still gets a stable key (the worker dead-letters it as invalid)', () => {
    const a = toQueuedEvent(operation, { name: 'shop/receipt', id: '1', data: { purchaseId: 5 } }, 7);
    const b = toQueuedEvent(operation, { name: 'shop/receipt', id: '2', data: { purchaseId: 5 } }, 7);
    expect(a.idempotencyKey).toBe(b.idempotencyKey);
    expect(a.idempotencyKey).toMatch(/^shop\/receipt:/);
    expect(a.enqueuedAt).toBe(7);
  });
});
