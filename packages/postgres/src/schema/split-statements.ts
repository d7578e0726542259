/**
 * @internal Splits a SQL script into statements at top-level `;`, skipping `--` and `/* *\/` comments,
 * quoted strings and identifiers, and dollar-quoted bodies (`$$ … $$`, `$tag$ … $tag$`), so each
 * statement can run through a driver that accepts one statement per call.
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const text = script.slice(start, end).trim();
    if (text.replace(/--[^\n]*|\s+/g, '').length > 0) statements.push(text);
  };
  while (i < script.length) {
    const char = script[i]!;
    const next = script[i + 1];
    if (char === '-' && next === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
    } else if (char === '/' && next === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end === -1 ? script.length : end + 2;
    } else if (char === "'" || char === '"') {
      let j = i + 1;
      while (j < script.length) {
        if (script[j] === char) {
          if (script[j + 1] === char) j += 2;
          else break;
        } else j++;
      }
      i = j + 1;
    } else if (char === '$') {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(i))?.[0];
      if (tag) {
        const end = script.indexOf(tag, i + tag.length);
        i = end === -1 ? script.length : end + tag.length;
      } else i++;
    } else if (char === ';') {
      push(i);
      i++;
      start = i;
    } else i++;
  }
  push(script.length);
  return statements;
}
