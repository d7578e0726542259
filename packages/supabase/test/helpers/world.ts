import { createClient } from '@supabase/supabase-js';
import ws from 'ws';
import { freshSupabaseDatabase, type TestDatabase } from './database';
import { CLAIMS, JWT_SECRET, signJwt } from './jwt';
import { type PostgrestStandIn, startPostgrestStandIn } from './postgrest-stand-in';

/**
 * A real supabase-js client on `url` whose API key and bearer token is a JWT with `claims`, signed with
 * `secret` (the project's, unless a test forges one). On Node 20 supabase-js 2.109 needs the `ws`
 * transport, as users are told too.
 */
export function supabaseClient(url: string, claims: Record<string, unknown>, secret = JWT_SECRET) {
  const key = signJwt(claims, secret);
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
  });
}

/** A migrated fresh database, the PostgREST stand-in on it, and supabase-js clients for each kind of caller. */
export interface SupabaseWorld {
  db: TestDatabase;
  standIn: PostgrestStandIn;
  clients: Record<keyof typeof CLAIMS, ReturnType<typeof supabaseClient>>;
  close(): Promise<void>;
}

export async function supabaseWorld(baseUrl: string, poolSize = 12): Promise<SupabaseWorld> {
  const db = await freshSupabaseDatabase(baseUrl, { poolSize });
  const standIn = await startPostgrestStandIn(db.pool);
  const clients = {
    anon: supabaseClient(standIn.url, CLAIMS.anon),
    serviceRole: supabaseClient(standIn.url, CLAIMS.serviceRole),
    user: supabaseClient(standIn.url, CLAIMS.user),
    admin: supabaseClient(standIn.url, CLAIMS.admin),
  };
  return {
    db,
    standIn,
    clients,
    async close() {
      await standIn.close();
      await db.close();
    },
  };
}
