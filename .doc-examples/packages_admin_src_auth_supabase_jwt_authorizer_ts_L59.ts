// packages/admin/src/auth/supabase-jwt-authorizer.ts:59
import { createAdminHandler, supabaseJwtAuthorizer } from '@lifeline/admin';
createAdminHandler({ lifeline, authorize: supabaseJwtAuthorizer({ jwtSecret: process.env.SUPABASE_JWT_SECRET! }) });

export {};
