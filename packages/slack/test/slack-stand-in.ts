import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Alert, AlertSeverity } from '@lifeline/core';

/** A POST the stand-in received. */
export interface SlackRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body. */
  body: any;
}

/** Answers one request (e.g. `slackAnswer(404, 'no_service')`). */
export type SlackResponder = (request: SlackRequest, response: ServerResponse) => void;

/** Answers as Slack's incoming webhooks do: a plain-text body (`ok`, `no_service`, ...). */
export function slackAnswer(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): SlackResponder {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/plain', ...headers });
    response.end(body);
  };
}

/**
 * A local stand-in for Slack's incoming-webhook endpoint (https://hooks.slack.com/services/...) on
 * 127.0.0.1, so the real `@slack/webhook` client is exercised end to end. Answers `200 ok` unless a
 * test sets `respond`.
 */
export interface SlackStandIn {
  /** A webhook URL on the stand-in. */
  webhookUrl: string;
  requests: SlackRequest[];
  respond: SlackResponder;
  /** Every alert message received, decoded back into an `Alert` (digests are left out). */
  received(): Promise<Alert[]>;
  /** Resolves once `count` requests have arrived in total. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSlackStandIn(): Promise<SlackStandIn> {
  const sockets = new Set<Socket>();
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const standIn: SlackStandIn = {
    webhookUrl: '',
    requests: [],
    respond: slackAnswer(200, 'ok'),
    received: async () =>
      standIn.requests.map((r) => decodeAlert(r.body)).filter((a): a is Alert => a !== undefined),
    waitForRequests: (count) =>
      standIn.requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(text),
      };
      standIn.requests.push(request);
      standIn.respond(request, res);
      for (const waiter of waiters.filter((w) => standIn.requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXXXXXXXXXXX`;
  return standIn;
}

/** A URL nothing listens on: binds an ephemeral port, then closes it. */
export async function refusedWebhookUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/services/T/B/X`;
}

/** A logger that keeps what it was told. */
export function recordingLogger() {
  const entries: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    entries.push({ level, message, ...(fields && { fields }) });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Waits (in real time, briefly) until something is scheduled on `clock`, e.g. a retry wait. */
export async function untilTimer(clock: { pendingTimers(): number }, atLeast = 1): Promise<void> {
  for (let i = 0; i < 2_000 && clock.pendingTimers() < atLeast; i++)
    await new Promise((resolve) => setTimeout(resolve, 1));
  if (clock.pendingTimers() < atLeast) throw new Error('no timer was scheduled on the virtual clock');
}

const SEVERITY_BY_COLOUR: Record<string, AlertSeverity> = {
  '#E01E5A': 'critical',
  '#ECB22E': 'warning',
  '#36C5F0': 'info',
};
const unescapeMrkdwn = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Reads an alert back out of a Slack message as slackAlerter lays it out; `undefined` for digests. */
export function decodeAlert(body: any): Alert | undefined {
  const attachment = body?.attachments?.[0];
  const blocks: any[] = attachment?.blocks ?? [];
  const header: string | undefined = blocks.find((b) => b.type === 'header')?.text?.text;
  const severity = SEVERITY_BY_COLOUR[attachment?.color];
  if (!header || !severity || / folded into this digest$| suppressed$/.test(header)) return undefined;
  const section = blocks.find((b) => b.type === 'section' && b.text);
  return {
    severity,
    title: header.replace(/^:[a-z_]+: /, ''),
    message: section ? unescapeMrkdwn(section.text.text) : '',
  };
}
