import { virtualClock } from '../../src/clock/virtual-clock';
import type { Alert } from '../../src/contracts/alerter';
import type { EmailMessage, Mailer } from '../../src/contracts/mailer';
import { silentLogger } from '../../src/memory/logger';
import { createLifeline } from '../../src/runtime/create-lifeline';
import { inProcessQueue } from '../../src/runtime/in-process-queue';
import type { LifelineOptions } from '../../src/runtime/lifeline-types';

/** A Lifeline on a virtual clock with recording mailer and alerter, for this folder's tests. */
export function testLifeline(options: Partial<LifelineOptions> & Pick<LifelineOptions, 'operations'>) {
  const clock = virtualClock();
  const alerts: Alert[] = [];
  const sent: Array<{ message: EmailMessage; idempotencyKey: string }> = [];
  const mailer: Mailer = {
    async send(message, { idempotencyKey }) {
      sent.push({ message, idempotencyKey });
      return { id: `msg_${sent.length}` };
    },
  };
  const lifeline = createLifeline({
    clock,
    logger: silentLogger(),
    mailer,
    alerter: { alert: async (alert) => void alerts.push(alert) },
    queue: inProcessQueue({ concurrency: 4 }),
    ...options,
  });
  return { lifeline, clock, alerts, sent, settle: () => clock.run(lifeline.drain()) };
}
