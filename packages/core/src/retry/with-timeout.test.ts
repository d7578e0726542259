import { describe, expect, it } from 'vitest';
import { virtualClock } from '../clock/index';
import { isTimeoutError, type TimeoutError } from '../errors/index';
import { runWithTimeout } from './with-timeout';

const never = () => new Promise<never>(() => {});

describe('runWithTimeout', () => {
  it('settles as fn does and cancels its timer', async () => {
    const clock = virtualClock();
    const value = await clock.run(runWithTimeout(async () => 'done', { timeoutMs: 1000, clock }));
    expect(value).toBe('done');
    expect(clock.pendingTimers()).toBe(0);
    const failure = new Error('nope');
    await expect(
      clock.run(runWithTimeout(() => Promise.reject(failure), { timeoutMs: 1000, clock })),
    ).rejects.toBe(failure);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects with TimeoutError after timeoutMs even when fn ignores its signal', async () => {
    const clock = virtualClock();
    let seen: AbortSignal | undefined;
    const start = clock.now();
    const run = runWithTimeout(
      (signal) => {
        seen = signal;
        return never();
      },
      { timeoutMs: 750, clock },
    );
    const error = await clock.run(run).catch((e: unknown) => e);
    expect(isTimeoutError(error)).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(750);
    expect(clock.now() - start).toBe(750);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(error);
  });

  it("rejects with the parent's reason when the parent aborts, and aborts fn's signal", async () => {
    const clock = virtualClock();
    const parent = new AbortController();
    const reason = new Error('shutting down');
    let seen: AbortSignal | undefined;
    const run = runWithTimeout(
      (signal) => {
        seen = signal;
        return never();
      },
      { timeoutMs: 10_000, signal: parent.signal, clock },
    );
    clock.setTimer(() => parent.abort(reason), 100);
    await expect(clock.run(run)).rejects.toBe(reason);
    expect(clock.now()).toBe(virtualClock().now() + 100);
    expect(seen?.reason).toBe(reason);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('does not call fn when the parent is already aborted', async () => {
    const clock = virtualClock();
    let called = false;
    const reason = new Error('already gone');
    const run = runWithTimeout(
      async () => {
        called = true;
      },
      { signal: AbortSignal.abort(reason), clock },
    );
    await expect(run).rejects.toBe(reason);
    expect(called).toBe(false);
  });

  it('turns a synchronous throw into a rejection', async () => {
    const clock = virtualClock();
    const failure = new Error('sync');
    const run = runWithTimeout(
      () => {
        throw failure;
      },
      { timeoutMs: 5, clock },
    );
    await expect(run).rejects.toBe(failure);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects an invalid timeout', async () => {
    const clock = virtualClock();
    await expect(runWithTimeout(async () => 1, { timeoutMs: 0, clock })).rejects.toThrow(
      /timeoutMs: must be a finite number > 0/,
    );
    await expect(
      runWithTimeout(async () => 1, { timeoutMs: Number.POSITIVE_INFINITY, clock }),
    ).rejects.toThrow(/timeoutMs/);
  });
});
