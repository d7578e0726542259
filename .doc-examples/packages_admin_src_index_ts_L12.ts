// packages/admin/src/index.ts:12
// app/admin/[[...path]]/route.ts (Next.js App Router)
import { bearerTokenAuthorizer, createAdminHandler } from '@lifeline/admin';
import { lifeline } from '@/lib/lifeline';

const admin = createAdminHandler({
  lifeline,
  basePath: '/admin',
  authorize: bearerTokenAuthorizer({ token: process.env.LIFELINE_ADMIN_TOKEN!, admin: 'ops' }),
});
export { admin as GET, admin as POST };

export {};
