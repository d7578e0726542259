import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS, renderMigration } from '@lifeline/postgres';
import { afterAll, describe, expect, test } from 'vitest';
import { composeMigration, MIGRATION_FILE, tablesCreatedBy } from '../scripts/compose-migration';

const root = fileURLToPath(new URL('..', import.meta.url));
const shipped = () => readFileSync(`${root}supabase/migrations/${MIGRATION_FILE}`, 'utf8');

describe('the shipped migration file', () => {
  test('is exactly what @lifeline/postgres and sql/*.sql make now (run `pnpm run gen:migration` after changing either)', () => {
    expect(readdirSync(`${root}supabase/migrations`)).toEqual([MIGRATION_FILE]);
    expect(shipped()).toBe(composeMigration());
    for (const file of readdirSync(`${root}sql`))
      expect(shipped()).toContain(`-- ==== Supabase layer: sql/${file} ====`);
  });

  test('holds every @lifeline/postgres migration for the schema "lifeline" and records it', () => {
    const text = shipped();
    for (const migration of MIGRATIONS) {
      expect(text).toContain(renderMigration(migration, { schema: 'lifeline' }).trim());
      expect(text).toContain(`VALUES (${migration.version}, '${migration.name}')`);
    }
  });

  test('enables Row Level Security with both policies on every table it creates', () => {
    const text = shipped();
    const tables = tablesCreatedBy(text);
    expect(tables).toEqual(
      expect.arrayContaining(['migrations', 'dead_letters', 'idempotency_keys', 'operation_log']),
    );
    for (const table of tables) {
      expect(text).toContain(`ALTER TABLE lifeline.${table} ENABLE ROW LEVEL SECURITY;`);
      expect(text).toContain(`CREATE POLICY lifeline_service_role ON lifeline.${table} `);
      expect(text).toContain(`CREATE POLICY lifeline_admins ON lifeline.${table} `);
    }
  });

  test('tablesCreatedBy finds quoted and unquoted names, and nothing in other schemas', () => {
    expect(
      tablesCreatedBy(
        'CREATE TABLE "lifeline".a (x int);\nCREATE TABLE lifeline.b ();\nCREATE TABLE public.c ();\n  CREATE TABLE lifeline.d ();',
      ),
    ).toEqual(['a', 'b']);
  });
});

describe('npx lifeline-supabase-migration', () => {
  const dirs: string[] = [];
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-sb-'));
    dirs.push(dir);
    return dir;
  };
  const run = (cwd: string, ...args: string[]) =>
    spawnSync(process.execPath, [`${root}bin/lifeline-supabase-migration.mjs`, ...args], {
      cwd,
      encoding: 'utf8',
    });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('copies the migration into ./supabase/migrations, and a second run changes nothing', () => {
    const cwd = project();
    mkdirSync(join(cwd, 'supabase'));
    const first = run(cwd);
    expect(first.status).toBe(0);
    expect(readFileSync(join(cwd, 'supabase/migrations', MIGRATION_FILE), 'utf8')).toBe(shipped());
    const second = run(cwd);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('already in');
  });

  test('never overwrites a different file of the same name, and refuses to guess without ./supabase', () => {
    const cwd = project();
    const target = join(cwd, 'migrations');
    expect(run(cwd, target).status).toBe(0);
    writeFileSync(join(target, MIGRATION_FILE), '-- edited by hand\n');
    const clash = run(cwd, target);
    expect(clash.status).toBe(1);
    expect(clash.stderr).toContain('differs');
    expect(readFileSync(join(target, MIGRATION_FILE), 'utf8')).toBe('-- edited by hand\n');
    const bare = run(project());
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain('supabase init');
  });
});
