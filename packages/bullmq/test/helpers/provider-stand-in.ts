import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the stand-in answers one key: 200 always, 503 once then 200, or 422 always (permanent). */
export type KeyBehaviour = 'ok' | 'flaky-once' | 'rejected';

/** What the stand-in saw for one `Idempotency-Key`. */
export interface KeyRecord {
  /** Raw requests received. */
  requests: number;
  /** Times the effect was applied: at most 1, as a provider honouring `Idempotency-Key` does. */
  effects: number;
  /** Requests that arrived while another request of the same key was still being handled. */
  overlapping: number;
  inFlight: number;
}

/**
 * A stand-in for an email provider and an alert sink on 127.0.0.1, in the test process (a killed
 * worker cannot take the evidence with it). `POST /emails` with an `Idempotency-Key` applies the effect
 * at most once per key, then answers after a short delay (a worker killed meanwhile never learns it was
 * applied); `POST /alerts` records the alert.
 */
export async function providerStandIn(behaviourOf: (key: string) => KeyBehaviour) {
  const keys = new Map<string, KeyRecord>();
  const alerts: Array<{ title: string; fields?: Record<string, unknown> }> = [];
  const body = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text;
  };
  const server = createServer(async (req, res) => {
    try {
      const text = await body(req);
      if (req.method === 'POST' && req.url === '/alerts') {
        alerts.push(JSON.parse(text));
        res.writeHead(204).end();
        return;
      }
      const key = req.headers['idempotency-key'];
      if (req.method !== 'POST' || req.url !== '/emails' || typeof key !== 'string') {
        res.writeHead(400).end();
        return;
      }
      const record = keys.get(key) ?? { requests: 0, effects: 0, overlapping: 0, inFlight: 0 };
      keys.set(key, record);
      record.requests++;
      if (record.inFlight > 0) record.overlapping++;
      record.inFlight++;
      const behaviour = behaviourOf(key);
      const status =
        behaviour === 'rejected' ? 422 : behaviour === 'flaky-once' && record.requests === 1 ? 503 : 200;
      if (status === 200) record.effects = 1;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
      record.inFlight--;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status }));
    } catch {
      res.writeHead(500).end();
    }
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    keys,
    alerts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
