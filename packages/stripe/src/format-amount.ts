/**
 * Formats an amount in a currency's minor unit (as Stripe gives it) for people: `1999, 'usd'` → `USD 19.99`,
 * `500, 'jpy'` → `JPY 500`. Falls back to the raw minor units for a code Intl does not know.
 */
export function formatAmount(minorUnits: number, currency: string): string {
  const code = currency.toUpperCase();
  try {
    const digits =
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    return `${code} ${(minorUnits / 10 ** digits).toFixed(digits)}`;
  } catch {
    return `${code} ${minorUnits} (minor units)`;
  }
}
