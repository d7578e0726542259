import { AbortError as PRetryAbortError } from 'p-retry';
import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  IdempotencyInProgressError,
  IdempotencyMismatchError,
  PermanentError,
  QueueRefusedError,
  RetryAfterError,
  TimeoutError,
  ValidationError,
} from '../errors/index';
import { classifyError, isRetryable } from './classify-error';
import { parseRetryAfter } from './http-details';

const NOW = Date.UTC(2026, 0, 1);
const withFields = (fields: Record<string, unknown>, message = 'upstream failed') =>
  Object.assign(new Error(message), fields);

describe('classifyError: Lifeline errors', () => {
  it.each([
    ['PermanentError', new PermanentError('address rejected'), false],
    [
      'ValidationError',
      new ValidationError('payload', [{ path: 'email', message: 'bad', received: 'x' }]),
      false,
    ],
    ['IdempotencyMismatchError', new IdempotencyMismatchError('k', 'fp1', 'fp2'), false],
    ['ConfigurationError', new ConfigurationError('no store'), false],
    ['IdempotencyInProgressError', new IdempotencyInProgressError('k', NOW + 1000), true],
    ['TimeoutError', new TimeoutError(250), true],
    ['QueueRefusedError', new QueueRefusedError('full'), true],
  ])('%s → retryable %s', (_name, error, retryable) => {
    const result = classifyError(error);
    expect(result.retryable).toBe(retryable);
    expect(result).not.toHaveProperty('retryAfterMs');
  });

  it('RetryAfterError carries its delay', () => {
    expect(classifyError(new RetryAfterError('slow down', 4500))).toEqual({
      retryable: true,
      reason: 'retry after 4500 ms requested',
      retryAfterMs: 4500,
    });
  });

  it('a PermanentError wins over the retryable HTTP status it wraps', () => {
    const error = new PermanentError('gave up', { cause: withFields({ status: 503 }) });
    expect(classifyError(error).retryable).toBe(false);
  });
});

describe('classifyError: HTTP statuses', () => {
  it.each([408, 425, 429, 500, 502, 503, 504, 599])('status %i is retryable', (status) => {
    expect(classifyError(withFields({ status }))).toEqual({
      retryable: true,
      reason: `HTTP ${status} from upstream`,
      status,
    });
  });

  it.each([400, 401, 403, 404, 409, 410, 422])('status %i is permanent', (status) => {
    expect(classifyError(withFields({ status }))).toEqual({
      retryable: false,
      reason: `HTTP ${status} from upstream`,
      status,
    });
  });

  it('reads statusCode and response.status too', () => {
    expect(classifyError(withFields({ statusCode: 502 })).status).toBe(502);
    expect(classifyError(withFields({ response: { status: 404 } }))).toMatchObject({
      retryable: false,
      status: 404,
    });
    expect(classifyError(withFields({ response: { status: 503 } }))).toMatchObject({
      retryable: true,
      status: 503,
    });
  });

  it('honours Retry-After in seconds from a plain header object (any case)', () => {
    const error = withFields({ status: 429, headers: { 'Retry-After': '120' } });
    expect(classifyError(error, { now: NOW })).toMatchObject({ retryable: true, retryAfterMs: 120_000 });
  });

  it('honours Retry-After from a Headers instance', () => {
    const error = withFields({ status: 503, headers: new Headers({ 'retry-after': '3' }) });
    expect(classifyError(error)).toMatchObject({ retryAfterMs: 3000 });
  });

  it('honours an HTTP-date Retry-After on response.headers, measured from `now`', () => {
    const at = new Date(NOW + 30_000).toUTCString();
    const error = withFields({ response: { status: 503, headers: new Headers({ 'retry-after': at }) } });
    expect(classifyError(error, { now: NOW })).toMatchObject({ retryAfterMs: 30_000 });
    expect(classifyError(error, { now: NOW + 60_000 })).toMatchObject({ retryAfterMs: 0 });
  });

  it('ignores an unusable Retry-After, and any Retry-After on a permanent status', () => {
    expect(classifyError(withFields({ status: 503, headers: { 'retry-after': 'soon' } }))).not.toHaveProperty(
      'retryAfterMs',
    );
    expect(classifyError(withFields({ status: 400, headers: { 'retry-after': '5' } }))).not.toHaveProperty(
      'retryAfterMs',
    );
  });

  it('parseRetryAfter handles seconds, dates and junk', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 1.5 ', NOW)).toBe(1500);
    expect(parseRetryAfter(new Date(NOW + 2000).toUTCString(), NOW)).toBe(2000);
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
    expect(parseRetryAfter('2026', NOW)).toBe(2_026_000);
    expect(parseRetryAfter('not a date', NOW)).toBeUndefined();
  });
});

describe('classifyError: network errors and aborts', () => {
  it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET'])(
    'code %s is retryable',
    (code) => {
      expect(classifyError(withFields({ code }, `socket: ${code}`))).toEqual({
        retryable: true,
        reason: `network error ${code}`,
      });
    },
  );

  it("fetch's TypeError with a coded cause names the code", () => {
    const error = new TypeError('fetch failed', { cause: withFields({ code: 'ECONNREFUSED' }) });
    expect(classifyError(error).reason).toBe('network error ECONNREFUSED');
    expect(classifyError(new TypeError('fetch failed')).reason).toBe('network error (fetch failed)');
  });

  it('a TypeError that is not a network failure is not called one', () => {
    expect(classifyError(new TypeError('x.map is not a function')).reason).toBe('unclassified error');
  });

  it('AbortError and TimeoutError DOMExceptions are retryable', () => {
    const abortReason = AbortSignal.abort().reason;
    expect(abortReason).toBeInstanceOf(DOMException);
    expect(classifyError(abortReason)).toEqual({ retryable: true, reason: 'aborted (AbortError)' });
    expect(classifyError(new DOMException('late', 'TimeoutError'))).toEqual({
      retryable: true,
      reason: 'timed out (TimeoutError)',
    });
  });

  it("p-retry's own AbortError means stop", () => {
    expect(classifyError(new PRetryAbortError('stop')).retryable).toBe(false);
  });
});

describe('classifyError: causes and unknowns', () => {
  it('classifies through the cause chain', () => {
    const wrapped = new Error('send failed', { cause: withFields({ status: 503 }) });
    expect(classifyError(wrapped)).toEqual({
      retryable: true,
      reason: 'HTTP 503 from upstream (from cause)',
      status: 503,
    });
    const permanent = new Error('outer', { cause: new Error('middle', { cause: new PermanentError('no') }) });
    expect(classifyError(permanent).retryable).toBe(false);
  });

  it('survives a cause cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(classifyError(a)).toEqual({ retryable: true, reason: 'unclassified error' });
  });

  it.each([
    ['a plain Error', new Error('boom')],
    ['a string', 'boom'],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', { weird: true }],
  ])('%s is retryable and unclassified', (_name, error) => {
    expect(classifyError(error)).toEqual({ retryable: true, reason: 'unclassified error' });
  });

  it('isRetryable follows classifyError', () => {
    expect(isRetryable(withFields({ status: 500 }))).toBe(true);
    expect(isRetryable(withFields({ status: 404 }))).toBe(false);
    expect(isRetryable(new PermanentError('x'))).toBe(false);
  });
});
