import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../errors/index';
import { describeError, serializeError } from './serialize-error';

describe('serializeError', () => {
  it('keeps name, message, code, status, retryable and stack', () => {
    const error = Object.assign(new Error('Service Unavailable'), { status: 503, code: 'UPSTREAM_DOWN' });
    const out = serializeError(error);
    expect(out).toMatchObject({
      name: 'Error',
      message: 'Service Unavailable',
      code: 'UPSTREAM_DOWN',
      status: 503,
      retryable: true,
    });
    expect(out.stack).toContain('Service Unavailable');
  });

  it('uses a given classification for `retryable`', () => {
    const out = serializeError(new Error('x'), { retryable: false, reason: 'judged by the caller' });
    expect(out.retryable).toBe(false);
  });

  it('keeps Lifeline codes and classifies Lifeline errors', () => {
    expect(serializeError(new PermanentError('no'))).toMatchObject({
      name: 'PermanentError',
      code: 'LIFELINE_PERMANENT',
      retryable: false,
    });
  });

  it('keeps the cause chain, without retryable on causes', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const error = new Error('send failed', { cause: new TypeError('fetch failed', { cause: root }) });
    const out = serializeError(error);
    expect(out.cause).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(out.cause?.cause).toMatchObject({
      name: 'Error',
      message: 'connect ECONNREFUSED',
      code: 'ECONNREFUSED',
    });
    expect(out.cause).not.toHaveProperty('retryable');
    expect(out.retryable).toBe(true);
  });

  it('keeps at most 5 causes', () => {
    let error: Error = new Error('level 0');
    for (let i = 1; i <= 8; i++) error = new Error(`level ${i}`, { cause: error });
    const messages: string[] = [];
    for (
      let node: ReturnType<typeof serializeError> | undefined = serializeError(error);
      node;
      node = node.cause
    ) {
      messages.push(node.message);
    }
    expect(messages).toEqual(['level 8', 'level 7', 'level 6', 'level 5', 'level 4', 'level 3']);
  });

  it('stops at a cause cycle and stays JSON-safe', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const out = serializeError(a);
    expect(out.message).toBe('a');
    expect(out.cause?.message).toBe('b');
    expect(out.cause?.cause).toBeUndefined();
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('turns non-Error throwables into NonError', () => {
    expect(serializeError('boom')).toEqual({ name: 'NonError', message: 'boom', retryable: true });
    expect(serializeError({ reason: 'x', n: 1 })).toMatchObject({
      name: 'NonError',
      message: '{"reason":"x","n":1}',
    });
    expect(serializeError(undefined)).toMatchObject({ name: 'NonError', message: 'undefined' });
    expect(serializeError(10n)).toMatchObject({ name: 'NonError', message: '10' });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(serializeError(circular)).toMatchObject({ name: 'NonError', message: '[object Object]' });
  });

  it('never throws, even on a hostile value', () => {
    const hostile = new Proxy(new Error('x'), {
      get() {
        throw new Error('trap');
      },
    });
    expect(() => serializeError(hostile)).not.toThrow();
    expect(serializeError(hostile).name).toBe('NonError');
  });

  it('serialises a Resend error object with its name as code', () => {
    const out = serializeError({
      name: 'rate_limit_exceeded',
      message: 'Too many requests',
      statusCode: 429,
    });
    expect(out).toEqual({
      name: 'ResendError',
      message: 'Too many requests',
      code: 'rate_limit_exceeded',
      status: 429,
      retryable: true,
    });
  });

  it('takes a Stripe error class name from `type`', () => {
    const error = new Stripe.errors.StripeCardError({
      statusCode: 402,
      code: 'card_declined',
      message: 'Declined',
    });
    expect(serializeError(error)).toMatchObject({
      name: 'StripeCardError',
      message: 'Declined',
      code: 'card_declined',
      status: 402,
      retryable: false,
    });
  });
});

describe('describeError', () => {
  it('gives Name: message on one line', () => {
    expect(describeError(new TypeError('fetch failed'))).toBe('TypeError: fetch failed');
    expect(describeError(new Error('two\n  lines'))).toBe('Error: two lines');
    expect(describeError(new PermanentError('address rejected'))).toBe('PermanentError: address rejected');
    expect(describeError(new Error(''))).toBe('Error');
    expect(describeError('boom')).toBe('NonError: boom');
  });
});
