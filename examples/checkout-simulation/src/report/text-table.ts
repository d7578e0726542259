/** Renders rows as aligned columns; columns listed in `right` are right-aligned (numbers). */
export function textTable(rows: readonly (readonly string[])[], right: readonly number[] = []): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = ' '.repeat((widths[i] ?? 0) - [...cell].length);
          return right.includes(i) ? pad + cell : cell + pad;
        })
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

/** `12,345`. */
export const count = (n: number): string => n.toLocaleString('en-US');

/** `12.3%`. */
export const percent = (ratio: number, digits = 1): string =>
  `${(ratio * 100).toFixed(ratio === 1 ? 0 : digits)}%`;
