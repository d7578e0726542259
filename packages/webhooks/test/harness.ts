import {
  createLifeline,
  memoryAlerter,
  memoryDeadLetterStore,
  silentLogger,
  virtualClock,
} from '@lifeline/core';
import {
  generateSigningSecret,
  memoryEndpointStore,
  type PartnerWebhooksOptions,
  partnerWebhooks,
} from '@lifeline/webhooks';
import { partnerReceiverStandIn, type ScriptedAnswer } from './partner-receiver-stand-in';

/** A Lifeline on a virtual clock with partner webhooks to one endpoint, a stand-in receiver on 127.0.0.1. */
export async function deliveryHarness(
  options: {
    answer?: Parameters<typeof partnerReceiverStandIn>[0]['answer'];
    webhooks?: Partial<PartnerWebhooksOptions>;
    path?: string;
  } = {},
) {
  const clock = virtualClock({ start: Date.now() });
  const secret = generateSigningSecret();
  const receiver = await partnerReceiverStandIn({
    secrets: [secret],
    now: clock.now,
    answer: options.answer,
  });
  const endpoints = memoryEndpointStore();
  await endpoints.register(
    { id: 'acme', url: `${receiver.url}${options.path ?? '/hooks'}`, secret },
    clock.now(),
  );
  const webhooks = partnerWebhooks({
    endpoints,
    allowAddresses: ['127.0.0.1'],
    requestTimeoutMs: 2_000,
    ...options.webhooks,
  });
  const alerter = memoryAlerter();
  const deadLetters = memoryDeadLetterStore();
  const lifeline = createLifeline({
    operations: [...webhooks.operations],
    clock,
    alerter,
    deadLetters,
    logger: silentLogger(),
  });
  return {
    clock,
    secret,
    receiver,
    endpoints,
    webhooks,
    alerter,
    deadLetters,
    lifeline,
    /** Publishes one event and runs the Lifeline until idle, jumping virtual time over every wait. */
    async publishAndSettle(event: { id: string; type?: string; data?: unknown }) {
      await lifeline.send(webhooks.publish, { type: 'purchase.fulfilled', data: { ok: true }, ...event });
      await clock.run(lifeline.drain());
    },
    async close() {
      await lifeline.close();
      await receiver.close();
    },
  };
}

export type { ScriptedAnswer };
