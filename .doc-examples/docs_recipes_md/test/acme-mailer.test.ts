// docs/recipes.md:404
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mailerSuite, type ProbedDelivery } from '@lifeline/testing';
import { afterAll, describe, expect, test } from 'vitest';
import { acmeMailer } from '../src/acme-mailer';

/** A stand-in for the provider's API: records each email once per idempotency key, like the real one. */
async function startAcmeStandIn() {
  const delivered: ProbedDelivery[] = [];
  const ids = new Map<string, string>();
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const key = String(request.headers['idempotency-key']);
    if (!ids.has(key)) {
      ids.set(key, `em_${ids.size + 1}`);
      delivered.push({ message: JSON.parse(body), idempotencyKey: key });
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: ids.get(key) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, delivered: async () => delivered, close: () => server.close() };
}

const standIn = await startAcmeStandIn();
afterAll(() => standIn.close());

mailerSuite({ describe, expect, test }, async () => ({
  mailer: acmeMailer({ apiKey: 'test', from: 'shop@example.com', baseUrl: standIn.url }),
  delivered: standIn.delivered,
}));

export {};
