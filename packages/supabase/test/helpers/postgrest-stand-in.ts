import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { SUPABASE_ROLES, type SupabaseRole } from './database';
import { JWT_SECRET, verifyJwt } from './jwt';

/**
 * A STAND-IN FOR PostgREST (no PostgREST or Supabase stack can run here), small on purpose. It answers
 * only what supabase-js's `rpc()` sends, `POST /rest/v1/rpc/<fn>` with a JSON object of named arguments,
 * the way PostgREST does: it verifies the `Authorization: Bearer` JWT (HS256), and in one transaction
 * switches to the role named in its `role` claim (`SET LOCAL ROLE`), sets `request.jwt.claims`, and calls
 * `public.<fn>` with the arguments cast to the function's parameter types by `json_to_record` (PostgREST
 * does the same), answering the result as JSON (scalar, object or array). Errors come back as PostgREST's
 * `{ code, message, details, hint }` with PostgREST's HTTP status for the SQLSTATE. Anything else (other
 * methods or paths, other schemas, set-returning functions, unknown arguments) is refused.
 */
export interface PostgrestStandIn {
  /** Base URL for `createClient`, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** Every request answered, in order: method, path, status. */
  requests: Array<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
}

interface FunctionInfo {
  args: Array<{ name: string; type: string }>;
  required: number;
}

/** PostgREST's HTTP status for a SQLSTATE (the subset Lifeline's functions can raise). */
function statusOf(code: string, role: SupabaseRole): number {
  if (code === '42501') return role === 'anon' ? 401 : 403;
  if (/^PT\d{3}$/.test(code)) return Number(code.slice(2));
  if (code === 'P0001') return 400;
  if (code === '23503' || code === '23505') return 409;
  if (code === '42883' || code === '42P01') return 404;
  if (/^(08|53)/.test(code)) return 503;
  if (/^(09|25|2D|38|39|3B|40|54|55|57|58|F0|HV|P0|XX)/.test(code)) return 500;
  return 400;
}

export async function startPostgrestStandIn(pool: pg.Pool, secret = JWT_SECRET): Promise<PostgrestStandIn> {
  const requests: PostgrestStandIn['requests'] = [];
  const functions = new Map<string, FunctionInfo | null>();

  async function lookup(fn: string): Promise<FunctionInfo | null> {
    if (!functions.has(fn)) {
      const { rows } = await pool.query<{
        names: string[] | null;
        types: string[];
        defaults: number;
        retset: boolean;
      }>(
        `SELECT p.proargnames AS names, p.pronargdefaults AS defaults, p.proretset AS retset,
           ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(t, o) ORDER BY o) AS types
         FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname = $1`,
        [fn],
      );
      const row = rows.length === 1 ? rows[0]! : undefined;
      functions.set(
        fn,
        row && !row.retset && row.types.every((_, i) => /^p_[a-z0-9_]+$/.test(row.names?.[i] ?? ''))
          ? {
              args: row.types.map((type, i) => ({ name: row.names![i]!, type })),
              required: row.types.length - row.defaults,
            }
          : null,
      );
    }
    return functions.get(fn)!;
  }

  const send = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(body);
  };
  const refuse = (res: ServerResponse, status: number, code: string, message: string) =>
    send(res, status, JSON.stringify({ code, message, details: null, hint: null }));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    const match = /^\/rest\/v1\/rpc\/([a-z_][a-z0-9_]*)$/.exec(path);
    if (req.method !== 'POST' || !match) {
      return refuse(res, 404, 'STANDIN', 'The PostgREST stand-in only answers POST /rest/v1/rpc/<function>');
    }
    const profile = req.headers['content-profile'] ?? req.headers['accept-profile'];
    if (profile !== undefined && profile !== 'public') {
      return refuse(res, 406, 'PGRST106', 'The schema must be one of the following: public');
    }
    let claims: Record<string, unknown>;
    try {
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      if (!auth) throw new Error('no bearer token');
      claims = verifyJwt(auth[1]!, secret);
    } catch (error) {
      return refuse(res, 401, 'PGRST301', `JWT refused: ${(error as Error).message}`);
    }
    const role = claims.role as SupabaseRole;
    if (!SUPABASE_ROLES.includes(role)) return refuse(res, 401, 'PGRST301', 'JWT role is not an API role');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      return refuse(res, 400, 'PGRST102', 'Invalid JSON body');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return refuse(res, 400, 'PGRST102', 'The stand-in takes a JSON object of named arguments');
    }
    const fn = match[1]!;
    const info = await lookup(fn);
    const keys = Object.keys(body);
    const given = info?.args.filter((arg) => keys.includes(arg.name)) ?? [];
    if (
      !info ||
      given.length !== keys.length ||
      info.args.slice(0, info.required).some((arg) => !keys.includes(arg.name))
    ) {
      return refuse(
        res,
        404,
        'PGRST202',
        `Could not find the function public.${fn}(${keys.join(', ')}) in the schema cache`,
      );
    }
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL ROLE ${role}`);
      await client.query(`SELECT set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
      const call = given.map((arg) => `"${arg.name}" => r."${arg.name}"`).join(', ');
      const columns = given.map((arg) => `"${arg.name}" ${arg.type}`).join(', ');
      const { rows } = await client.query<{ body: string | null }>(
        given.length === 0
          ? `SELECT to_json(public."${fn}"())::text AS body`
          : `SELECT to_json(public."${fn}"(${call}))::text AS body FROM json_to_record($1::json) AS r(${columns})`,
        given.length === 0 ? [] : [JSON.stringify(body)],
      );
      await client.query('COMMIT');
      send(res, 200, rows[0]?.body ?? 'null');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      const e = error as { code?: string; message?: string; detail?: string; hint?: string };
      if (!e.code) throw error;
      const payload = {
        code: e.code,
        message: e.message ?? '',
        details: e.detail ?? null,
        hint: e.hint ?? null,
      };
      send(res, statusOf(e.code, role), JSON.stringify(payload));
    } finally {
      client.release();
    }
  }

  const server = createServer((req, res) => {
    handle(req, res)
      .catch((error: unknown) => {
        if (!res.headersSent) refuse(res, 500, 'STANDIN', `stand-in failure: ${(error as Error).message}`);
      })
      .finally(() =>
        requests.push({ method: req.method ?? '', path: req.url ?? '', status: res.statusCode }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
