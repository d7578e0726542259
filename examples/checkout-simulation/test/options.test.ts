import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, parseOptions, UsageError } from '../src/options';

describe('parseOptions', () => {
  it('fills in the defaults', () => {
    expect(parseOptions([])).toEqual({
      purchases: 2000,
      seed: 42,
      faultRate: 0.2,
      duplicates: 0.1,
      crash: false,
      serve: false,
      serveOnly: false,
      port: 0,
      realTime: false,
      dataDir: DEFAULT_DATA_DIR,
      fresh: false,
      quiet: false,
      otel: false,
      engine: 'postgres',
      partnerWebhooks: false,
    });
  });

  it('takes --engine bullmq, refuses an unknown engine, and refuses --crash with bullmq', () => {
    expect(parseOptions(['--engine', 'bullmq'])).toMatchObject({ engine: 'bullmq' });
    expect(() => parseOptions(['--engine', 'kafka'])).toThrow(
      '--engine must be postgres or bullmq, got "kafka"',
    );
    expect(() => parseOptions(['--engine', 'bullmq', '--crash'])).toThrow(UsageError);
    expect(() => parseOptions(['--engine', 'bullmq', '--otel'])).toThrow(
      /outbox, whose relay does not carry trace context/,
    );
  });

  it('reads every option, with the -- that pnpm passes through', () => {
    const options = parseOptions([
      '--',
      '--purchases',
      '300',
      '--seed=7',
      '--fault-rate',
      '0.5',
      '--duplicates',
      '0.3',
      '--crash',
      '--serve',
      '--serve-only',
      '--port',
      '4100',
      '--real-time',
      '--data-dir',
      'tmp/sim',
      '--fresh',
      '--quiet',
    ]);
    expect(options).toMatchObject({
      purchases: 300,
      seed: 7,
      faultRate: 0.5,
      duplicates: 0.3,
      crash: true,
      serve: true,
      serveOnly: true,
      port: 4100,
      realTime: true,
      fresh: true,
      quiet: true,
    });
    expect(options !== 'help' && options.dataDir.endsWith('/tmp/sim')).toBe(true);
  });

  it('says which option is wrong and what it got', () => {
    expect(() => parseOptions(['--purchases', 'lots'])).toThrow('--purchases must be a number, got "lots"');
    expect(() => parseOptions(['--purchases', '0'])).toThrow('--purchases must be at least 1, got "0"');
    expect(() => parseOptions(['--fault-rate', '1.5'])).toThrow(
      '--fault-rate must be between 0 and 0.9, got "1.5"',
    );
    expect(() => parseOptions(['--purchase', '5'])).toThrow(UsageError);
    expect(() => parseOptions(['extra'])).toThrow('Unexpected argument "extra"');
  });

  it('reads --otel, and refuses it with --crash (the spans would die with the killed worker)', () => {
    expect(parseOptions(['--otel'])).toMatchObject({ otel: true });
    expect(() => parseOptions(['--otel', '--crash'])).toThrow('--otel cannot be combined with --crash');
  });

  it('answers --help', () => {
    expect(parseOptions(['--help'])).toBe('help');
  });
});
