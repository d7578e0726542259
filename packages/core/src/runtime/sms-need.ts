import type { SmsSender } from '../contracts/sms-sender';
import { ConfigurationError } from '../errors/state-errors';
import type { AnyOperation } from './define-operation';

/** @internal Refuses a configuration without an SMS sender when an operation declares `needs: ['sms']`. */
export function checkSmsNeed(operations: Iterable<AnyOperation>, sms: SmsSender | undefined): void {
  if (sms) return;
  const needSms = [...operations].filter((operation) => operation.needs?.includes('sms'));
  if (needSms.length === 0) return;
  const names = needSms.map((operation) => `"${operation.name}"`).join(', ');
  throw new ConfigurationError(
    `Operation ${names} ${needSms.length === 1 ? 'needs' : 'need'} an SMS sender (needs: ['sms']), but createLifeline was given none: ` +
      'pass `sms` (e.g. twilioSmsSender({ client, from }) from @lifeline/twilio, or memorySmsSender() in tests)',
  );
}

/** @internal What `ctx.sms` is when no SMS sender was configured: every send throws a ConfigurationError. */
export function missingSmsSender(): SmsSender {
  return {
    send: async () => {
      throw new ConfigurationError(
        'No SMS sender configured: pass `sms` to createLifeline (e.g. twilioSmsSender({ client, from }) from @lifeline/twilio)',
      );
    },
  };
}
