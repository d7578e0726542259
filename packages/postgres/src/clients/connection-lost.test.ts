import { describe, expect, test } from 'vitest';
import { isConnectionLost } from './connection-lost';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isConnectionLost', () => {
  test.each([
    ['a refused socket', withCode('ECONNREFUSED')],
    ['a reset socket', withCode('ECONNRESET')],
    ['SQLSTATE 57P01 (backend terminated, fast shutdown)', withCode('57P01')],
    ['SQLSTATE 57P03 (the database system is starting up)', withCode('57P03')],
    ['SQLSTATE class 08', withCode('08006')],
    ['postgres.js CONNECTION_CLOSED', withCode('CONNECTION_CLOSED')],
    ["pg's uncoded 'Connection terminated unexpectedly'", new Error('Connection terminated unexpectedly')],
    ['a lost connection as the cause', new Error('wrapped', { cause: withCode('ECONNRESET') })],
    ["Node's dual-stack AggregateError", new AggregateError([withCode('ECONNREFUSED')], 'connect failed')],
  ])('true for %s', (_name, error) => {
    expect(isConnectionLost(error)).toBe(true);
  });

  test.each([
    ['a unique violation', withCode('23505')],
    ['a serialization failure', withCode('40001')],
    ['a statement timeout', withCode('57014')],
    ['postgres.js CONNECTION_ENDED (the app called sql.end())', withCode('CONNECTION_ENDED')],
    ['a plain error', new Error('boom')],
    ['a string', 'ECONNREFUSED'],
    ['undefined', undefined],
  ])('false for %s', (_name, error) => {
    expect(isConnectionLost(error)).toBe(false);
  });

  test('a cause cycle ends', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = new Error('b', { cause: a });
    expect(isConnectionLost(a)).toBe(false);
  });
});
