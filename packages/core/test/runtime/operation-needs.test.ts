import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { isConfigurationError } from '../../src/errors/state-errors';
import { silentLogger } from '../../src/memory/logger';
import { memoryMailer } from '../../src/memory/memory-mailer';
import { createLifeline } from '../../src/runtime/create-lifeline';
import { defineOperation } from '../../src/runtime/define-operation';

const schema = z.object({ to: z.email() });
const sendReceipt = defineOperation({
  name: 'purchase/email.send',
  kind: 'email',
  schema,
  needs: ['mailer'],
  run: (d, ctx) =>
    ctx.mailer.send({ to: d.to, subject: 'Receipt', text: 'Thanks' }, { idempotencyKey: ctx.idempotencyKey }),
});

describe("an operation's `needs` are checked by createLifeline", () => {
  test("needs: ['mailer'] without a mailer fails at createLifeline, naming the operation and the fix", () => {
    let thrown: unknown;
    try {
      createLifeline({ operations: [sendReceipt], logger: silentLogger() });
    } catch (error) {
      thrown = error;
    }
    expect(isConfigurationError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain('"purchase/email.send" needs a mailer');
    expect((thrown as Error).message).toContain('pass `mailer`');
  });

  test('every operation lacking the mailer is named', () => {
    const other = defineOperation({ ...sendReceipt, name: 'account/email.welcome' });
    expect(() => createLifeline({ operations: [sendReceipt, other], logger: silentLogger() })).toThrow(
      /"purchase\/email.send", "account\/email.welcome" need a mailer/,
    );
  });

  test('with a mailer it starts and the mail is sent once', async () => {
    const mailer = memoryMailer();
    const lifeline = createLifeline({ operations: [sendReceipt], mailer, logger: silentLogger() });
    await lifeline.send(sendReceipt, { to: 'ada@example.com' });
    await lifeline.drain();
    expect(mailer.sent).toHaveLength(1);
  });

  test('an operation that declares no needs still starts without a mailer (the run fails instead)', () => {
    const ownClient = defineOperation({
      name: 'email/own-client',
      kind: 'email',
      schema,
      run: async () => 'ok',
    });
    expect(() => createLifeline({ operations: [ownClient], logger: silentLogger() })).not.toThrow();
  });

  test('an unknown need is refused by defineOperation', () => {
    expect(() => defineOperation({ ...sendReceipt, needs: ['fax' as never] })).toThrow(/needs/);
  });
});
