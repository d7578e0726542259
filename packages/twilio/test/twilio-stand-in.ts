import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SmsMessage } from '@lifeline/core';

/** A request the stand-in received. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The form fields of a POST (`To`, `From`, `Body`, `MessagingServiceSid`). */
  form: URLSearchParams;
  /** Resolves when the client closes the connection (e.g. because it aborted or timed out). */
  closed: Promise<void>;
}

/** How the stand-in answers one request; one that never writes leaves the request hanging. */
export type Responder = (request: RecordedRequest, response: ServerResponse) => void;

/** A message the stand-in accepted, as Twilio's API represents it. */
interface StoredMessage {
  sid: string;
  to: string;
  from: string | null;
  body: string;
  messaging_service_sid: string | null;
  date_created: string;
}

/**
 * A local stand-in for Twilio's Messages API (api.twilio.com, `/2010-04-01/Accounts/{sid}/Messages.json`)
 * on 127.0.0.1, so the real twilio SDK runs end to end. `POST` creates a message (201, `{ sid, … }`) and
 * `GET` lists them newest first, filtered by `To` and `From`, unless a test replaces `respond` / `respondToList`.
 */
export interface TwilioStandIn {
  /** Origin to give `twilioHttpClient({ baseUrl })`. */
  url: string;
  requests: RecordedRequest[];
  /** Answers `POST …/Messages.json`. Default: {@link TwilioStandIn.accept}. */
  respond: Responder;
  /** Answers `GET …/Messages.json`. Default: the list of accepted messages. */
  respondToList: Responder;
  /** Creates the message and answers 201 like Twilio. */
  accept: Responder;
  /** Creates the message but never answers (Twilio accepted it; the answer is lost). */
  acceptSilently: Responder;
  /** Every message the stand-in created (what Twilio would have sent). */
  delivered(): Promise<Array<{ message: SmsMessage; messagingServiceSid: string | null }>>;
  reset(): void;
  close(): Promise<void>;
}

/** Answers with a Twilio error body (`{ code, message, more_info, status }`), as Twilio sends it. */
export function twilioError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Responder {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(
      JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }),
    );
  };
}

export async function startTwilioStandIn(): Promise<TwilioStandIn> {
  const sockets = new Set<Socket>();
  const messages: StoredMessage[] = [];
  const create = (request: RecordedRequest): StoredMessage => {
    const stored: StoredMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      to: request.form.get('To') ?? '',
      from: request.form.get('From'),
      body: request.form.get('Body') ?? '',
      messaging_service_sid: request.form.get('MessagingServiceSid'),
      date_created: new Date().toUTCString().replace('GMT', '+0000'),
    };
    messages.push(stored);
    return stored;
  };
  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const accept: Responder = (request, response) =>
    json(response, 201, { ...create(request), status: 'queued', date_sent: null, direction: 'outbound-api' });
  const acceptSilently: Responder = (request) => void create(request);
  const list: Responder = (request, response) => {
    const to = request.query.get('To');
    const from = request.query.get('From');
    const found = messages
      .filter((m) => (!to || m.to === to) && (!from || m.from === from))
      .reverse()
      .slice(0, Number(request.query.get('PageSize') ?? 50));
    json(response, 200, { messages: found, next_page_uri: null, page: 0, page_size: found.length });
  };
  const standIn: TwilioStandIn = {
    url: '',
    requests: [],
    respond: accept,
    respondToList: list,
    accept,
    acceptSilently,
    delivered: async () =>
      messages.map((m) => ({
        message: { to: m.to, body: m.body, ...(m.from && { from: m.from }) },
        messagingServiceSid: m.messaging_service_sid,
      })),
    reset() {
      standIn.requests.length = 0;
      messages.length = 0;
      standIn.respond = accept;
      standIn.respondToList = list;
    },
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
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
        closed,
      };
      standIn.requests.push(request);
      if (!/^\/2010-04-01\/Accounts\/AC\w+\/Messages\.json$/.test(url.pathname)) {
        twilioError(404, 20404, 'The requested resource was not found')(request, res);
      } else if (request.method === 'POST') standIn.respond(request, res);
      else standIn.respondToList(request, res);
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
