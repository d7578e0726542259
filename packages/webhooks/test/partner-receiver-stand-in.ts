import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the stand-in received, with what real `standardwebhooks` verification said about it. */
export interface ReceivedDelivery {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Virtual (or real) time it arrived, from `now()`. */
  at: number;
  /** For each secret given to the stand-in, whether `new Webhook(secret).verify(...)` accepted it. */
  verifiedBy: boolean[];
  /** The answer sent. */
  status: number;
}

/** What to answer: a status (and headers), or `hang` to never answer. */
export type ScriptedAnswer = { status: number; headers?: Record<string, string> } | 'hang';

/**
 * A LOCAL STAND-IN for a partner's webhook endpoint: a real node:http server on 127.0.0.1 that verifies
 * every request with the real `standardwebhooks` package (`Webhook.verify`, wall-clock tolerance) and
 * answers from a script (default 200).
 */
export async function partnerReceiverStandIn(options: {
  secrets: string[];
  now?: () => number;
  answer?: (delivery: Omit<ReceivedDelivery, 'status'>, index: number) => ScriptedAnswer;
}) {
  const received: ReceivedDelivery[] = [];
  const hung: ServerResponse[] = [];
  const now = options.now ?? Date.now;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
      );
      const verifiedBy = options.secrets.map((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      const delivery = { path: req.url ?? '/', headers, body, at: now(), verifiedBy };
      const answer = options.answer?.(delivery, received.length) ?? { status: 200 };
      if (answer === 'hang') {
        received.push({ ...delivery, status: 0 });
        hung.push(res);
        return;
      }
      received.push({ ...delivery, status: answer.status });
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.status >= 300 ? 'nope' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    async close() {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
