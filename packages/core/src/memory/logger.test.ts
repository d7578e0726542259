import { describe, expect, test } from 'vitest';
import type { Logger } from '../contracts/logger';
import { consoleAlerter } from './console-alerter';
import { consoleLogger, silentLogger } from './logger';

function recordingConsole() {
  const lines: Array<[string, string]> = [];
  const at = (level: string) => (line: string) => lines.push([level, line]);
  return { lines, console: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('consoleLogger', () => {
  test('writes one JSON line per call, at or above its level', () => {
    const out = recordingConsole();
    const logger = consoleLogger({ console: out.console, level: 'info', now: () => 0 });
    logger.debug('hidden');
    logger.info('sent', { operation: 'purchase/email.send', attempt: 2 });
    logger.error('failed', { error: Object.assign(new TypeError('bad'), { code: 'E_BAD' }), amount: 10n });
    expect(out.lines.map(([level]) => level)).toEqual(['info', 'error']);
    expect(out.lines.every(([, line]) => !line.includes('\n'))).toBe(true);
    expect(JSON.parse(out.lines[0]![1])).toEqual({
      level: 'info',
      time: '1970-01-01T00:00:00.000Z',
      msg: 'sent',
      operation: 'purchase/email.send',
      attempt: 2,
    });
    expect(JSON.parse(out.lines[1]![1])).toMatchObject({
      error: { name: 'TypeError', message: 'bad', code: 'E_BAD' },
      amount: '10',
    });
  });

  test('survives circular fields', () => {
    const out = recordingConsole();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    consoleLogger({ console: out.console }).warn('loop', { cyclic });
    expect(JSON.parse(out.lines[0]![1]).cyclic).toEqual({ a: 1, self: '[Circular]' });
  });

  test('silentLogger writes nothing and never throws', () => {
    const logger = silentLogger();
    for (const level of ['debug', 'info', 'warn', 'error'] as const)
      expect(logger[level]('x', { y: 1 })).toBeUndefined();
  });
});

describe('consoleAlerter', () => {
  test('writes each alert as one line at the level of its severity', async () => {
    const calls: Array<[string, string, Record<string, unknown> | undefined]> = [];
    const logger = Object.fromEntries(
      (['debug', 'info', 'warn', 'error'] as const).map((level) => [
        level,
        (m: string, f?: Record<string, unknown>) => calls.push([level, m, f]),
      ]),
    ) as unknown as Logger;
    const alerter = consoleAlerter({ logger });
    await alerter.alert({
      severity: 'critical',
      title: 'Receipts failing',
      message: 'm1',
      fields: { attempts: 3 },
      dedupeKey: 'd',
      url: 'https://x.test/1',
    });
    await alerter.alert({ severity: 'warning', title: 'Slow', message: 'm2' });
    await alerter.alert({ severity: 'info', title: 'Recovered', message: 'm3' });
    expect(calls.map(([level, msg]) => [level, msg])).toEqual([
      ['error', 'lifeline alert (critical): Receipts failing'],
      ['warn', 'lifeline alert (warning): Slow'],
      ['info', 'lifeline alert (info): Recovered'],
    ]);
    expect(calls[0]![2]).toEqual({
      alert: {
        severity: 'critical',
        title: 'Receipts failing',
        message: 'm1',
        fields: { attempts: 3 },
        dedupeKey: 'd',
        url: 'https://x.test/1',
      },
    });
  });

  test('defaults to one JSON line on the console, and a throwing logger does not make alert() fail', async () => {
    const original = console.error;
    const lines: string[] = [];
    console.error = (line: string) => lines.push(line);
    try {
      await consoleAlerter().alert({ severity: 'critical', title: 'T', message: 'M' });
    } finally {
      console.error = original;
    }
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      msg: 'lifeline alert (critical): T',
      alert: { message: 'M' },
    });
    const broken = {
      error: () => {
        throw new Error('disk full');
      },
    } as unknown as Logger;
    await expect(
      consoleAlerter({ logger: broken }).alert({ severity: 'critical', title: 'T', message: 'M' }),
    ).resolves.toBeUndefined();
  });
});
