import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { toNodeListener } from './node-adapter';

let server: Server | undefined;

async function serve(handler: (request: Request) => Promise<Response>): Promise<string> {
  server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('toNodeListener', () => {
  test('passes method, absolute URL, headers and body through, and writes status, headers and body back', async () => {
    let seen: { method: string; url: string; header: string | null; body: string } | undefined;
    const origin = await serve(async (request) => {
      seen = {
        method: request.method,
        url: request.url,
        header: request.headers.get('x-test'),
        body: await request.text(),
      };
      const headers = new Headers({ 'content-type': 'application/json' });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/');
      return new Response(JSON.stringify({ ok: true }), { status: 201, headers });
    });
    const response = await fetch(`${origin}/admin/api/x?y=1`, {
      method: 'POST',
      headers: { 'x-test': 'yes' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(seen).toEqual({
      method: 'POST',
      url: `${origin}/admin/api/x?y=1`,
      header: 'yes',
      body: '{"a":1}',
    });
  });

  test('bodies over 1 MiB get 413 without reaching the handler; a throwing handler gets 500', async () => {
    let calls = 0;
    const origin = await serve(async () => {
      calls++;
      throw new Error('boom');
    });
    const big = await fetch(`${origin}/x`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    expect(calls).toBe(0);
    const failed = await fetch(`${origin}/x`);
    expect(failed.status).toBe(500);
    expect(calls).toBe(1);
  });
});
