import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { InngestEvent } from './inngest-internals';

/** One POST to the event API. */
export interface EventRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  events: InngestEvent[];
}

/** How the stand-in answers: status and JSON body. */
export type EventResponder = (request: EventRequest) => { status: number; body: unknown };

/** Accepts every event as Inngest's event API does: `{ ids, status: 200 }`. */
export const acceptEvents: EventResponder = (request) => ({
  status: 200,
  body: { ids: request.events.map((event, index) => event.id ?? `stand-in-${index}`), status: 200 },
});

/**
 * A local stand-in for Inngest's event API (`POST /e/:eventKey`) on 127.0.0.1, so the real Inngest client
 * sends for real. Every request is kept; events accepted are also queued in `inbox` for a test to run.
 */
export interface InngestStandIn {
  /** Give it to `new Inngest({ baseUrl })`. */
  url: string;
  requests: EventRequest[];
  /** Events accepted and not yet taken. */
  inbox: InngestEvent[];
  respond: EventResponder;
  close(): Promise<void>;
}

export async function startInngestStandIn(): Promise<InngestStandIn> {
  const sockets = new Set<Socket>();
  const standIn: InngestStandIn = {
    url: '',
    requests: [],
    inbox: [],
    respond: acceptEvents,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let events: InngestEvent[] = [];
      try {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as InngestEvent | InngestEvent[];
        events = Array.isArray(parsed) ? parsed : [parsed];
      } catch {
        // answered below with what the responder says; a bad body is kept as no events
      }
      const request: EventRequest = { path: req.url ?? '', headers: req.headers, events };
      standIn.requests.push(request);
      const answer = standIn.respond(request);
      if (req.method === 'POST' && answer.status === 200) standIn.inbox.push(...events);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}
