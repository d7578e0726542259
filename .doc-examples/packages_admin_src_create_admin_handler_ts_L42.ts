// packages/admin/src/create-admin-handler.ts:42
import { bearerTokenAuthorizer, createAdminHandler } from '@lifeline/admin';
const admin = createAdminHandler({ lifeline, authorize: bearerTokenAuthorizer({ token: process.env.ADMIN_TOKEN! }) });
// Next.js: app/admin/[[...path]]/route.ts
export { admin as GET, admin as POST };

export {};
