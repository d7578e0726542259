import IORedis from 'ioredis';

/** The Redis the tests use: LIFELINE_TEST_REDIS_URL, default the local server. Only loopback in CI. */
export const redisUrl = process.env.LIFELINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A connection for one test file and a fresh BullMQ key prefix per call, so engineers and test files
 * sharing one Redis never see each other's jobs; `cleanUp` deletes every key under the prefixes given out.
 */
export function testRedis() {
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  const prefixes: string[] = [];
  return {
    connection,
    /** A prefix nobody else uses, e.g. `lifeline-test-3f2a9c1b`. */
    prefix(): string {
      const prefix = `lifeline-test-${crypto.randomUUID().slice(0, 8)}`;
      prefixes.push(prefix);
      return prefix;
    },
    async connect() {
      try {
        await connection.connect();
        await connection.ping();
      } catch (error) {
        throw new Error(
          `Redis did not answer at ${redisUrl} (set LIFELINE_TEST_REDIS_URL, or start one: redis-server --daemonize yes): ${String(error)}`,
        );
      }
    },
    async cleanUp() {
      for (const prefix of prefixes) {
        let cursor = '0';
        do {
          const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
          cursor = next;
          if (keys.length > 0) await connection.del(...keys);
        } while (cursor !== '0');
      }
      await connection.quit();
    },
  };
}
