import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { isConfigurationError } from '../../src/errors/state-errors';
import { silentLogger } from '../../src/memory/logger';
import { memoryDeadLetterStore } from '../../src/memory/memory-dead-letter-store';
import { memorySmsSender } from '../../src/memory/memory-sms-sender';
import { createLifeline } from '../../src/runtime/create-lifeline';
import { defineOperation } from '../../src/runtime/define-operation';

const schema = z.object({ purchaseId: z.string(), phone: z.string() });
const textReceipt = defineOperation({
  name: 'purchase/sms.send',
  kind: 'job',
  schema,
  needs: ['sms'],
  idempotencyKey: (d) => `sms-receipt:${d.purchaseId}`,
  retry: { attempts: 1 },
  run: (d, ctx) =>
    ctx.sms.send(
      { to: d.phone, body: `Thanks for order ${d.purchaseId}` },
      { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal },
    ),
});

describe("needs: ['sms'] and ctx.sms", () => {
  test('without an SMS sender createLifeline refuses to start, naming the operation and the fix', () => {
    let thrown: unknown;
    try {
      createLifeline({ operations: [textReceipt], logger: silentLogger() });
    } catch (error) {
      thrown = error;
    }
    expect(isConfigurationError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain('"purchase/sms.send" needs an SMS sender');
    expect((thrown as Error).message).toContain('pass `sms`');
  });

  test('with an SMS sender the text is sent once under the operation key, however often it is sent', async () => {
    const sms = memorySmsSender();
    const lifeline = createLifeline({ operations: [textReceipt], sms, logger: silentLogger() });
    await lifeline.send(textReceipt, { purchaseId: 'p_1', phone: '+14155550100' });
    await lifeline.send(textReceipt, { purchaseId: 'p_1', phone: '+14155550100' });
    await lifeline.drain();
    expect(sms.sent).toEqual([
      {
        id: expect.stringMatching(/^SM/),
        message: { to: '+14155550100', body: 'Thanks for order p_1' },
        idempotencyKey: 'sms-receipt:p_1',
      },
    ]);
  });

  test('an operation that uses ctx.sms without declaring it fails its run with a ConfigurationError', async () => {
    const undeclared = defineOperation({ ...textReceipt, name: 'purchase/sms.undeclared', needs: undefined });
    const deadLetters = memoryDeadLetterStore();
    const lifeline = createLifeline({ operations: [undeclared], deadLetters, logger: silentLogger() });
    await lifeline.send(undeclared, { purchaseId: 'p_2', phone: '+14155550100' });
    await lifeline.drain();
    const { items } = await deadLetters.list({});
    expect(items).toHaveLength(1);
    expect(items[0]!.error.message).toContain('No SMS sender configured');
  });
});
