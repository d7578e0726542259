// docs/recipes.md:149
// app/admin/[[...path]]/route.ts
import { admin } from '@/lib/lifeline';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export { admin as GET, admin as POST };

export {};
