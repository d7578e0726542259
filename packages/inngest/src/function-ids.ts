import { ConfigurationError } from '@lifeline/core';

/**
 * The Inngest function id of an operation: `lifeline-` and the operation's name in lower case with
 * every run of other characters than letters and digits turned into `-`, e.g. `purchase/email.send` →
 * `lifeline-purchase-email-send`. Stable across deploys as long as the name is.
 */
export function functionIdFor(operationName: string): string {
  const slug = operationName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `lifeline-${slug || 'operation'}`;
}

/** @internal Throws when two operations would get the same Inngest function id. */
export function assertUniqueIds(names: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const id = functionIdFor(name);
    const other = seen.get(id);
    if (other !== undefined) {
      throw new ConfigurationError(
        `Operations "${other}" and "${name}" would both become the Inngest function "${id}"; rename one so their names differ in more than punctuation`,
      );
    }
    seen.set(id, name);
  }
}
