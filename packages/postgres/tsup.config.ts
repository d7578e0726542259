import { defineConfig } from 'tsup';
import { packageConfig } from '../../tsup.base';

// `@lifeline/postgres` and `@lifeline/postgres/adapter` (for stores on the same SQL schema, e.g. Supabase).
export default defineConfig(packageConfig({ entry: ['src/index.ts', 'src/adapter.ts'], splitting: true }));
