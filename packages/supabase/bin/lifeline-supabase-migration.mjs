#!/usr/bin/env node
// Copies @lifeline/supabase's migration file(s) into your Supabase project's supabase/migrations/ (or
// the folder given), leaving files already there alone. Then apply them with `supabase db push`.
// Usage: npx lifeline-supabase-migration [migrations-folder]
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../supabase/migrations/', import.meta.url));
const given = process.argv[2];
if (given === '--help' || given === '-h') {
  console.log('Usage: npx lifeline-supabase-migration [migrations-folder]  (default: ./supabase/migrations)');
  process.exit(0);
}
if (!given && !existsSync(resolve('supabase'))) {
  console.error(
    'No ./supabase folder here. Run this from your project root after `supabase init`, or pass the migrations folder.',
  );
  process.exit(1);
}
const target = resolve(given ?? join('supabase', 'migrations'));
mkdirSync(target, { recursive: true });
let failed = false;
for (const file of readdirSync(source)
  .filter((name) => name.endsWith('.sql'))
  .sort()) {
  const from = join(source, file);
  const to = join(target, file);
  if (!existsSync(to)) {
    copyFileSync(from, to);
    console.log(`copied ${file} to ${target}`);
  } else if (readFileSync(to, 'utf8') === readFileSync(from, 'utf8')) {
    console.log(`${file} is already in ${target}`);
  } else {
    console.error(
      `${to} exists and differs from this version's; left unchanged (migrations are never edited)`,
    );
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
