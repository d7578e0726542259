// packages/admin/src/auth/bearer-token-authorizer.ts:39
import { bearerTokenAuthorizer, createAdminHandler } from '@lifeline/admin';
createAdminHandler({ lifeline, authorize: bearerTokenAuthorizer({ token: process.env.ADMIN_TOKEN!, admin: 'ops' }) });

export {};
