import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmailMessage } from '@lifeline/core';

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
  /**
   * The default responder: accepts `POST /emails` like Resend does, including idempotency (the same
   * key and body within the run returns the first id and sends nothing; the same key with another
   * body is a 409 `invalid_idempotent_request`).
   */
  acceptEmails: Responder;
  /** Every email the stand-in accepted (what Resend would have delivered), with its idempotency key. */
  delivered(): Promise<Array<{ message: EmailMessage; idempotencyKey: string }>>;
  /** Forgets every request, email and idempotency key, and answers with `acceptEmails` again. */
  reset(): void;
  /** Resolves with the next request to arrive. */
  nextRequest(): Promise<RecordedRequest>;
  close(): Promise<void>;
}

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
  const accepted: Array<{ id: string; body: string; idempotencyKey: string }> = [];
  const byKey = new Map<string, { id: string; body: string }>();
  const acceptEmails: Responder = (request, response) => {
    const key = String(request.headers['idempotency-key'] ?? '');
    const earlier = key ? byKey.get(key) : undefined;
    if (earlier && earlier.body !== request.body) {
      resendError(
        409,
        'invalid_idempotent_request',
        'Same idempotency key used with a different request payload.',
      )(request, response);
      return;
    }
    let id = earlier?.id;
    if (!id) {
      id = `email_${accepted.length + 1}`;
      accepted.push({ id, body: request.body, idempotencyKey: key });
      if (key) byKey.set(key, { id, body: request.body });
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id }));
  };
  const standIn: ResendStandIn = {
    url: '',
    requests: [],
    respond: acceptEmails,
    acceptEmails,
    reset() {
      standIn.requests.length = 0;
      accepted.length = 0;
      byKey.clear();
      standIn.respond = acceptEmails;
    },
    delivered: async () =>
      accepted.map(({ body, idempotencyKey }) => {
        const json = JSON.parse(body);
        const message: EmailMessage = {
          to: json.to,
          subject: json.subject,
          html: json.html,
          text: json.text,
          from: json.from,
        };
        if (json.reply_to) message.replyTo = json.reply_to;
        if (json.tags)
          message.tags = Object.fromEntries(
            json.tags.map((t: { name: string; value: string }) => [t.name, t.value]),
          );
        return { message, idempotencyKey };
      }),
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
