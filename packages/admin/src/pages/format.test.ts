import { describe, expect, test } from 'vitest';
import { formatDuration, formatMetric, formatPercent, timeSince } from './format';

describe('format', () => {
  test.each([
    [0.99, '99%'],
    [0.999, '99.9%'],
    [0.9995, '99.95%'],
    [4 / 7, '57.1%'],
    [0.8, '80%'],
    [1, '100%'],
    [0, '0%'],
  ])('formatPercent(%d) = %s', (ratio, text) => {
    expect(formatPercent(ratio)).toBe(text);
  });

  test('durations and times since', () => {
    expect(formatDuration(450)).toBe('450 ms');
    expect(formatDuration(1_500)).toBe('1.5 s');
    expect(formatDuration(600_000)).toBe('10 min');
    expect(formatDuration(5_400_000)).toBe('1.5 h');
    expect(formatDuration(3 * 86_400_000)).toBe('3 d');
    expect(timeSince(1_000, 3_000)).toBe('just now');
    expect(timeSince(0, 7_200_000)).toBe('2 h ago');
    expect(formatMetric(null, 'ratio')).toBe('No data');
    expect(formatMetric(12, 'count')).toBe('12');
  });
});
