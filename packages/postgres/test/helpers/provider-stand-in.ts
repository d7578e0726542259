import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the stand-in answers one key's requests. */
export type KeyBehaviour =
  /** 200 on every request. */
  | 'ok'
  /** 503 on the first request, 200 after. */
  | 'flaky-once'
  /** 422 on every request: a permanent failure. */
  | 'rejected'
  /** 503 on every request: retries run out. */
  | 'down';

/** What the stand-in saw for one `Idempotency-Key`. */
export interface KeyRecord {
  /** Raw requests received. */
  requests: number;
  /** Times the effect was applied: at most 1, as a provider that honours `Idempotency-Key` does. */
  effects: number;
  /** 2xx answers that were new effects or replays of an applied one. */
  accepted: number;
  /** Requests that arrived while another request of the same key was still being handled. */
  overlapping: number;
  inFlight: number;
}

/**
 * An email provider and an alert sink on 127.0.0.1, living in the test process (so a killed worker
 * cannot take its evidence with it):
 * - `POST /emails` with an `Idempotency-Key` header: applies the effect at most once per key (as Resend
 *   does), then answers after a short delay, so a worker killed meanwhile never learns it was applied;
 *   answers by the key's {@link KeyBehaviour}. Counts raw requests, effects and overlaps per key.
 * - `POST /alerts`: records the JSON alert.
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
      const record = keys.get(key) ?? { requests: 0, effects: 0, accepted: 0, overlapping: 0, inFlight: 0 };
      keys.set(key, record);
      record.requests++;
      if (record.inFlight > 0) record.overlapping++;
      record.inFlight++;
      const behaviour = behaviourOf(key);
      const status =
        behaviour === 'rejected'
          ? 422
          : behaviour === 'down' || (behaviour === 'flaky-once' && record.requests === 1)
            ? 503
            : 200;
      if (status === 200) {
        record.accepted++;
        record.effects = 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 10));
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
