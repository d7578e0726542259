// packages/admin/src/auth/authorizer.ts:26
import { type Authorizer } from '@lifeline/admin';
declare function getSessionUser(request: Request): Promise<{ email: string; isAdmin: boolean } | undefined>;

const authorize: Authorizer = async (request) => {
  const user = await getSessionUser(request);
  if (!user) return { ok: false, status: 401, reason: 'sign in first' };
  return user.isAdmin ? { ok: true, admin: user.email } : { ok: false, status: 403, reason: 'admins only' };
};

export {};
