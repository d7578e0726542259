import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineOperation, PermanentError, RetryAfterError } from '@lifeline/core';
import { serve } from 'inngest/next';
import { serve as serveNode } from 'inngest/node';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DEAD_LETTERED_CODE, inngestFunctions } from '../src/index';
import { sentEvent, testLifeline } from './support/fixtures';

const endpoint = 'http://127.0.0.1:3000/api/inngest';

/**
 * Drives the functions through `serve` as Inngest's executor does: a POST per attempt with the event and
 * the run context, answered with the function's result, or an error with `x-inngest-no-retry` and
 * `retry-after` headers.
 */
function setup(script: (attempt: number) => unknown) {
  const op = defineOperation({
    name: 'shop/webhook',
    kind: 'webhook',
    schema: z.object({ id: z.string() }),
    retry: { attempts: 3, backoff: { initialMs: 1_000, jitter: 'none' } },
    run: async (_data, ctx) => script(ctx.attempt),
  });
  const h = testLifeline([op]);
  const functions = inngestFunctions(h.lifeline);
  const handler = serve({ client: h.client, functions });
  const fnId = `${h.client.id}-lifeline-shop-webhook`;
  const invoke = (fn: string, event: unknown, attempt: number) =>
    handler.POST(
      new Request(`${endpoint}?fnId=${encodeURIComponent(fn)}&stepId=step`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          event,
          events: [event],
          steps: {},
          ctx: { run_id: `run_${attempt}`, attempt, max_attempts: 3 },
          version: 2,
        }),
      }) as never,
      undefined as never,
    ) as Promise<Response>;
  return { ...h, op, functions, handler, fnId, invoke };
}

describe("serve from 'inngest/next' runs the functions", () => {
  test('introspection lists every function', async () => {
    const { handler, functions } = setup(() => 'ok');
    const response = (await handler.GET(new Request(endpoint) as never, undefined as never)) as Response;
    expect(response.status).toBe(200);
    // Each operation's onFailure is a function of its own in Inngest.
    expect(await response.json()).toMatchObject({ function_count: functions.length + 1, mode: 'dev' });
  });

  test('success answers 200 with the summary', async () => {
    const h = setup(() => 'ok');
    const response = await h.invoke(h.fnId, sentEvent(h.lifeline, h.op, { id: 'a' }), 0);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'succeeded', attempt: 1 });
  });

  test("a Retry-After answers 500 with Inngest's retry-after header", async () => {
    const h = setup(() => {
      throw new RetryAfterError('rate limited', 30_000);
    });
    const response = await h.invoke(h.fnId, sentEvent(h.lifeline, h.op, { id: 'b' }), 0);
    expect(response.status).toBe(500);
    expect(response.headers.get('x-inngest-no-retry')).toBe('false');
    expect(response.headers.get('retry-after')).toBe('30');
  });

  test('the last attempt answers 400 no-retry, and the failure function then records nothing more', async () => {
    const h = setup(() => {
      throw new Error('still down');
    });
    const event = sentEvent(h.lifeline, h.op, { id: 'c' });
    const response = await h.invoke(h.fnId, event, 2);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-inngest-no-retry')).toBe('true');
    const error = await response.json();
    expect(error).toMatchObject({ name: 'NonRetriableError', code: DEAD_LETTERED_CODE });
    // Inngest then invokes the failure function (`<id>-failure`) with inngest/function.failed.
    const failed = {
      name: 'inngest/function.failed',
      data: { function_id: h.fnId, run_id: 'run_2', error, event },
    };
    const failure = await h.invoke(`${h.fnId}-failure`, failed, 0);
    expect(failure.status).toBe(200);
    expect(await failure.json()).toEqual({ status: 'already-recorded' });
    expect(await h.lifeline.deadLetters.count()).toBe(1);
    expect(h.alerts).toHaveLength(1);
  });

  test('the failure function records a run that failed at the Inngest level', async () => {
    const h = setup(() => 'ok');
    const event = sentEvent(h.lifeline, h.op, { id: 'd' });
    const failed = {
      name: 'inngest/function.failed',
      data: {
        function_id: h.fnId,
        run_id: 'run_9',
        error: { name: 'Error', message: 'request timed out' },
        event,
      },
    };
    const failure = await h.invoke(`${h.fnId}-failure`, failed, 0);
    expect(await failure.json()).toMatchObject({ status: 'recorded', attempts: 3 });
    const [entry] = (await h.lifeline.deadLetters.list()).items;
    expect(entry).toMatchObject({
      payload: { id: 'd' },
      attempts: 3,
      error: { message: 'request timed out' },
    });
  });

  test('a permanent error answers 400 no-retry at once', async () => {
    const h = setup(() => {
      throw new PermanentError('invalid signature');
    });
    const response = await h.invoke(h.fnId, sentEvent(h.lifeline, h.op, { id: 'e' }), 0);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-inngest-no-retry')).toBe('true');
  });
});

test("the functions also serve through another framework adapter ('inngest/node')", async () => {
  const h = setup(() => 'ok');
  const server = createServer(serveNode({ client: h.client, functions: h.functions }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`;
    const introspection = await fetch(base);
    expect(await introspection.json()).toMatchObject({ function_count: h.functions.length + 1 });
    const event = sentEvent(h.lifeline, h.op, { id: 'node' });
    const response = await fetch(`${base}?fnId=${encodeURIComponent(h.fnId)}&stepId=step`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        event,
        events: [event],
        steps: {},
        ctx: { run_id: 'run_n', attempt: 0, max_attempts: 3 },
        version: 2,
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'succeeded', attempt: 1 });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
