import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/** A request the stand-in received: path and query, as the SDK sent them. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

/**
 * A stand-in for Stripe's Checkout Sessions API on 127.0.0.1: `GET /v1/checkout/sessions` (newest first,
 * `created[gte]`, `status`, `limit`, `starting_after`, `has_more`) and `GET /v1/checkout/sessions/:id`.
 * Pages are at most `pageSize` long, so the SDK's auto-pagination is exercised with few sessions.
 */
export async function stripeStandIn(options: { pageSize?: number } = {}) {
  const sessions = new Map<string, Record<string, unknown>>();
  const seen: SeenRequest[] = [];
  const pageSize = options.pageSize ?? 2;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    seen.push({ method: req.method ?? 'GET', path: url.pathname, query });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${seen.length}` });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/v1/checkout/sessions') {
      const gte =
        query['created[gte]'] === undefined ? Number.NEGATIVE_INFINITY : Number(query['created[gte]']);
      let list = [...sessions.values()]
        .filter((s) => (s.created as number) >= gte && (!query.status || s.status === query.status))
        .sort(
          (a, b) => (b.created as number) - (a.created as number) || String(b.id).localeCompare(String(a.id)),
        );
      if (query.starting_after) list = list.slice(list.findIndex((s) => s.id === query.starting_after) + 1);
      const limit = Math.min(Number(query.limit ?? 10), pageSize);
      send(200, {
        object: 'list',
        url: '/v1/checkout/sessions',
        data: list.slice(0, limit),
        has_more: list.length > limit,
      });
      return;
    }
    const one = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && one) {
      const found = sessions.get(decodeURIComponent(one[1]!));
      if (found) send(200, found);
      else
        send(404, {
          error: {
            type: 'invalid_request_error',
            code: 'resource_missing',
            message: `No such checkout.session: '${one[1]}'`,
          },
        });
      return;
    }
    send(404, {
      error: {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${req.method}: ${url.pathname})`,
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new Stripe('sk_test_stand_in', {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  return {
    client,
    sessions,
    seen,
    put(session: Record<string, unknown>) {
      sessions.set(session.id as string, session);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
