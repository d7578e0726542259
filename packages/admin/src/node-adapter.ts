import type { IncomingMessage, ServerResponse } from 'node:http';

/** The largest request body the adapter buffers; larger requests get 413 without reaching the handler. */
const MAX_NODE_BODY_BYTES = 1024 * 1024;

/** Anything that turns a Web `Request` into a `Response` (the admin handler, or any other). */
export type WebHandler = (request: Request) => Promise<Response>;

function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_NODE_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Builds a Web `Request` from a Node request: absolute URL from `Host`, headers as sent, body buffered. */
export async function toWebRequest(req: IncomingMessage, body?: Buffer): Promise<Request> {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const url = new URL(req.url ?? '/', `${encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && body !== undefined && body.length > 0;
  return new Request(url, { method, headers, ...(hasBody ? { body: new Uint8Array(body) } : {}) });
}

/** Writes a Web `Response` to a Node response, keeping repeated `Set-Cookie` headers apart. */
export async function writeWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

/**
 * Adapts a Web handler to `node:http`: `http.createServer(toNodeListener(handler))`. The URL is built
 * from the `Host` header (https when the socket is TLS); bodies over 1 MiB get 413; a handler that throws
 * gets 500 (the admin handler itself never throws). Behind a proxy that rewrites `Host`, pass the public
 * origin in the admin's `allowedOrigins`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * const authorize = bearerTokenAuthorizer({ token: process.env.LIFELINE_ADMIN_TOKEN!, admin: 'ops' });
 * createServer(toNodeListener(createAdminHandler({ lifeline, authorize }))).listen(3001, '127.0.0.1');
 * ```
 */
export function toNodeListener(handler: WebHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      try {
        const needsBody = req.method !== 'GET' && req.method !== 'HEAD';
        const body = needsBody ? await readBody(req) : undefined;
        if (body === 'too_large') {
          res.writeHead(413, {
            'content-type': 'application/json; charset=utf-8',
            'cache-control': 'no-store',
            connection: 'close',
          });
          res.end(JSON.stringify({ error: `Request body too large: at most ${MAX_NODE_BODY_BYTES} bytes` }));
          return;
        }
        await writeWebResponse(res, await handler(await toWebRequest(req, body)));
      } catch {
        if (!res.headersSent)
          res.writeHead(500, {
            'content-type': 'application/json; charset=utf-8',
            'cache-control': 'no-store',
          });
        res.end(JSON.stringify({ error: 'Internal error' }));
      }
    })();
  };
}
