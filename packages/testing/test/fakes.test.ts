import {
  classifyError,
  type EmailMessage,
  isPermanentError,
  isValidationError,
  memoryMailer,
} from '@lifeline/core';
import { describe, expect, test } from 'vitest';
import { faultyAlerter, faultyMailer, InjectedFaultError, seededRandom } from '../src/index';

const message = (to = 'ada@example.com'): EmailMessage => ({ to, subject: 'Receipt', text: 'Thanks' });
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('seededRandom', () => {
  test('the same seed gives the same sequence; another seed another one', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  });

  test('values lie in [0, 1) and are spread evenly', () => {
    const random = seededRandom(7);
    const values = Array.from({ length: 20_000 }, () => random());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const tenths = new Array(10).fill(0);
    for (const v of values) tenths[Math.floor(v * 10)]++;
    for (const count of tenths) expect(Math.abs(count - 2_000)).toBeLessThan(200);
  });
});

describe('faultyMailer', () => {
  test('failFirst with a 503: the first sends fail retryably, the next is delivered, and every call is recorded', async () => {
    const mailer = faultyMailer({ failFirst: 2, status: 503 });
    for (let i = 0; i < 2; i++) {
      const error = await mailer.send(message(), { idempotencyKey: 'k1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InjectedFaultError);
      expect(error).toMatchObject({ status: 503, statusCode: 503, injected: true });
      expect(classifyError(error)).toMatchObject({ retryable: true, status: 503 });
    }
    const sent = await mailer.send(message(), { idempotencyKey: 'k1' });
    expect(mailer.delegate.sent).toEqual([{ id: sent.id, message: message(), idempotencyKey: 'k1' }]);
    expect(mailer.calls.map((c) => [c.call, c.outcome, c.subject.idempotencyKey])).toEqual([
      [1, 'failed', 'k1'],
      [2, 'failed', 'k1'],
      [3, 'delivered', 'k1'],
    ]);
    expect(mailer.calls[2]!.result).toEqual(sent);
  });

  test('a 429 carries Retry-After that classifyError honours; a 400 is permanent', async () => {
    const limited = faultyMailer({ failFirst: 1, status: 429 });
    const error = await limited.send(message(), { idempotencyKey: 'k' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryAfterMs: 1_000, headers: { 'retry-after': '1' } });
    expect(classifyError(error)).toMatchObject({ retryable: true, retryAfterMs: 1_000 });
    const slow = faultyMailer({ failFirst: 1, status: 429, retryAfterMs: 30_000 });
    expect(
      classifyError(await slow.send(message(), { idempotencyKey: 'k' }).catch((e: unknown) => e)),
    ).toMatchObject({ retryAfterMs: 30_000 });
    const rejected = faultyMailer({ failFirst: 1, status: 400 });
    expect(
      classifyError(await rejected.send(message(), { idempotencyKey: 'k' }).catch((e: unknown) => e))
        .retryable,
    ).toBe(false);
  });

  test('without a status an injected failure looks like a network error: retryable', async () => {
    const mailer = faultyMailer({ failFirst: 1 });
    const error = await mailer.send(message(), { idempotencyKey: 'k' }).catch((e: unknown) => e);
    expect(error).not.toHaveProperty('status');
    expect(classifyError(error).retryable).toBe(true);
  });

  test('permanentFor fails chosen messages with a PermanentError and delivers the rest', async () => {
    const mailer = faultyMailer({ permanentFor: (m) => String(m.to).endsWith('@bounce.test') });
    const error = await mailer
      .send(message('x@bounce.test'), { idempotencyKey: 'a' })
      .catch((e: unknown) => e);
    expect(isPermanentError(error)).toBe(true);
    await mailer.send(message(), { idempotencyKey: 'b' });
    expect(mailer.calls.map((c) => c.outcome)).toEqual(['permanent', 'delivered']);
    expect(mailer.delegate.deliveredTo('x@bounce.test')).toEqual([]);
    expect(mailer.delegate.deliveredTo('ADA@example.com')).toHaveLength(1);
  });

  test('failRate with a seed fails a reproducible share of calls', async () => {
    const outcomes = async (seed: number, failRate: number) => {
      const mailer = faultyMailer({ failRate, seed });
      for (let i = 0; i < 200; i++) await mailer.send(message(), { idempotencyKey: `k${i}` }).catch(() => {});
      return mailer.calls.map((c) => c.outcome);
    };
    const first = await outcomes(42, 0.3);
    expect(await outcomes(42, 0.3)).toEqual(first);
    expect(await outcomes(43, 0.3)).not.toEqual(first);
    const failures = first.filter((o) => o === 'failed').length;
    expect(failures).toBeGreaterThan(40);
    expect(failures).toBeLessThan(80);
    expect((await outcomes(1, 0)).every((o) => o === 'delivered')).toBe(true);
    expect((await outcomes(1, 1)).every((o) => o === 'failed')).toBe(true);
  });

  test('hang never settles until the signal aborts, then rejects with its reason', async () => {
    const mailer = faultyMailer({ hang: true });
    const controller = new AbortController();
    let settled = false;
    const sending = mailer.send(message(), { idempotencyKey: 'k', signal: controller.signal }).finally(() => {
      settled = true;
    });
    const caught = sending.catch((e: unknown) => e);
    for (let i = 0; i < 5; i++) await settle();
    expect(settled).toBe(false);
    expect(mailer.calls[0]!.outcome).toBeUndefined();
    const reason = new Error('attempt timed out');
    controller.abort(reason);
    expect(await caught).toBe(reason);
    expect(mailer.calls[0]!.outcome).toBe('aborted');
    expect(mailer.delegate.sent).toEqual([]);
  });

  test('wraps a given delegate, whose own errors are recorded as failures', async () => {
    const delegate = memoryMailer();
    const mailer = faultyMailer({ delegate });
    await mailer.send(message(), { idempotencyKey: 'same' });
    await expect(
      mailer.send({ ...message(), subject: 'Other' }, { idempotencyKey: 'same' }),
    ).rejects.toSatisfy(isPermanentError);
    expect(mailer.calls.map((c) => c.outcome)).toEqual(['delivered', 'failed']);
    expect(delegate.sent).toHaveLength(1);
  });

  test('rejects bad options, naming each one', () => {
    let error: unknown;
    try {
      faultyMailer({ failRate: 2, failFirst: -1, status: 42 });
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/failFirst: must be an integer >= 0 \(received -1\)/);
    expect((error as Error).message).toMatch(/failRate: must be a number from 0 to 1 \(received 2\)/);
    expect((error as Error).message).toMatch(/status: must be an HTTP status 100..599 \(received 42\)/);
  });
});

describe('faultyAlerter', () => {
  test('fails the first alert, delivers the next, and records both', async () => {
    const alerter = faultyAlerter({ failFirst: 1, status: 500 });
    const alert = { severity: 'critical' as const, title: 'Receipt failed', message: 'dead-lettered' };
    await expect(alerter.alert(alert)).rejects.toMatchObject({ status: 500 });
    await alerter.alert(alert);
    expect(alerter.delegate.alerts).toEqual([alert]);
    expect(alerter.calls.map((c) => [c.outcome, c.subject.title])).toEqual([
      ['failed', 'Receipt failed'],
      ['delivered', 'Receipt failed'],
    ]);
  });

  test('hang ends when the given signal aborts; permanentFor picks alerts', async () => {
    const controller = new AbortController();
    const hanging = faultyAlerter({ hang: true, signal: controller.signal });
    const caught = hanging.alert({ severity: 'info', title: 't', message: 'm' }).catch((e: unknown) => e);
    await settle();
    controller.abort(new Error('shutdown'));
    expect(((await caught) as Error).message).toBe('shutdown');
    const picky = faultyAlerter({ permanentFor: (a) => a.severity === 'info' });
    await expect(picky.alert({ severity: 'info', title: 't', message: 'm' })).rejects.toSatisfy(
      isPermanentError,
    );
    await picky.alert({ severity: 'warning', title: 't', message: 'm' });
    expect(picky.delegate.alerts.map((a) => a.severity)).toEqual(['warning']);
  });
});
