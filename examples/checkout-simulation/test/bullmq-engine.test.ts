import { describe, expect, it } from 'vitest';
import { checkRedis } from '../src/app/bullmq-engine';

describe('--engine bullmq without Redis', () => {
  it('fails with a message that says what is missing and how to get it', async () => {
    // A port nothing listens on: bind an ephemeral port and close it.
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const url = `redis://127.0.0.1:${port}`;
    await expect(checkRedis(url)).rejects.toThrow(
      new RegExp(`--engine bullmq needs Redis, and none answered at ${url}.*REDIS_URL`),
    );
  });

  it('passes when Redis answers', async () => {
    await expect(
      checkRedis(process.env.LIFELINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'),
    ).resolves.toBeUndefined();
  });
});
