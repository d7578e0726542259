import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isNonPublicAddress } from './address-policy';
import { UnsafeWebhookTargetError } from './delivery-errors';

/** Resolves a host name to its addresses, like `dns.lookup(host, { all: true })`. Inject one in tests. */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

/** The answer to one POST. */
export interface WebhookHttpResponse {
  status: number;
  /** The raw `Retry-After` header, if any. */
  retryAfter: string | undefined;
  /** At most the first 512 bytes of the body, as text. */
  bodySnippet: string;
}

/** Options of {@link postWebhook}. */
export interface PostWebhookOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Whole-request time limit (connect, send, answer headers), ms. */
  timeoutMs: number;
  /** Aborts the request (the attempt was cancelled). */
  signal?: AbortSignal;
  /** True for a non-public address that may be reached anyway. */
  isAllowed: (address: string) => boolean;
  resolve: ResolveHost;
}

const SNIPPET_BYTES = 512;

/** The system resolver, all addresses. */
export const systemResolve: ResolveHost = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

function check(host: string, address: string, isAllowed: (address: string) => boolean): void {
  if (isNonPublicAddress(address) && !isAllowed(address)) throw new UnsafeWebhookTargetError(host, address);
}

/**
 * A `lookup` for the HTTP client that resolves once and refuses the connection when any resolved address
 * is non-public: the address checked is the address connected to (no second resolution an attacker's DNS
 * could answer differently).
 */
function guardedLookup(resolve: ResolveHost, isAllowed: (address: string) => boolean): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then(
      (addresses) => {
        try {
          if (addresses.length === 0)
            throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
          for (const { address } of addresses) check(hostname, address, isAllowed);
        } catch (error) {
          callback(error);
          return;
        }
        if (options?.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error) => callback(error),
    );
  }) as LookupFunction;
}

function snippet(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () =>
      resolve(Buffer.concat(chunks).toString('utf8', 0, Math.min(size, SNIPPET_BYTES)).trim());
    response.on('data', (chunk: Buffer) => {
      if (size < SNIPPET_BYTES) chunks.push(chunk);
      size += chunk.length;
      // The rest of a long answer is of no use: stop reading it.
      if (size >= SNIPPET_BYTES) response.destroy();
    });
    response.on('end', done);
    response.on('close', done);
    response.on('error', done);
  });
}

/**
 * POSTs one webhook with Node's HTTP client. Guarantees: the target's addresses are checked by the SSRF
 * guard before connecting (an IP literal directly, a host name through a guarded `lookup`); redirects are
 * never followed (a 3xx is returned like any other status); the request is aborted after `timeoutMs`
 * with a `TimeoutError`-named error, or when `signal` aborts; only the first 512 bytes of the answer are read.
 */
export function postWebhook(options: PostWebhookOptions): Promise<WebhookHttpResponse> {
  const url = new URL(options.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) check(host, host, options.isAllowed);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'POST',
      headers: {
        ...options.headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(options.body)),
        'user-agent': 'lifeline-webhooks/0.1',
      },
      lookup: guardedLookup(options.resolve, options.isAllowed),
      signal: options.signal,
    });
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`no answer from ${url.host} within ${options.timeoutMs} ms`), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
      });
      req.destroy(error);
    }, options.timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', (response) => {
      const retryAfter = response.headers['retry-after'];
      snippet(response).then((bodySnippet) => {
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          bodySnippet,
        });
      });
    });
    req.end(options.body);
  });
}
