import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the stand-in received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Resolves when the client closes the connection (e.g. because it aborted). */
  closed: Promise<void>;
}

/** How the stand-in answers one request; `undefined` leaves it hanging. */
export type Responder = (request: RecordedRequest, response: ServerResponse) => void;

/**
 * A local stand-in for Resend's API (https://api.resend.com) on 127.0.0.1, so the real resend SDK
 * is exercised end to end. Answers `POST /emails` with `{ id }` unless a test sets `respond`.
 */
export interface ResendStandIn {
  /** Base URL to give `new Resend(key, { baseUrl })`. */
  url: string;
  requests: RecordedRequest[];
  respond: Responder;
  /** Resolves with the next request to arrive. */
  nextRequest(): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export const acceptEmail: Responder = (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ id: 'email_123' }));
};

/** Answers with a JSON error body exactly as Resend sends it. */
export function resendError(
  statusCode: number,
  name: string,
  message: string,
  headers: Record<string, string> = {},
): Responder {
  return (_request, response) => {
    response.writeHead(statusCode, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify({ statusCode, name, message }));
  };
}

export async function startResendStandIn(): Promise<ResendStandIn> {
  const waiters: Array<(request: RecordedRequest) => void> = [];
  const sockets = new Set<import('node:net').Socket>();
  const standIn: ResendStandIn = {
    url: '',
    requests: [],
    respond: acceptEmail,
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        closed,
      };
      standIn.requests.push(request);
      standIn.respond(request, res);
      waiters.shift()?.(request);
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

/** A URL nothing listens on: binds an ephemeral port, then closes it. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
