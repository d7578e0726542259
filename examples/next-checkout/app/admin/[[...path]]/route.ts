import { checkoutApp } from '@/lib/lifeline';

/**
 * The `@lifeline/admin` dashboard and API under `/admin`: failed operations (retry, resolve) and
 * operations health. Access needs the admin token (ADMIN_TOKEN, or the one printed in the server log).
 */
async function admin(request: Request): Promise<Response> {
  return (await checkoutApp()).admin(request);
}

export { admin as GET, admin as POST };
