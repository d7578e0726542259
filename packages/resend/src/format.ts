/** Formats an amount in minor units (cents for USD, yen for JPY) as money, e.g. `$1,234.50`. */
export function formatMoney(minorUnits: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}

/** Formats an instant unambiguously in UTC, e.g. `February 12, 2026 at 23:41 UTC`. */
export function formatUtc(date: Date): string {
  const day = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'long' }).format(date);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
  return `${day} at ${time} UTC`;
}

/** `1 lead`, `2,500 leads`. */
export function countOf(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
