-- Lifeline on Supabase: who may touch Lifeline's data (this file), and the RPC functions supabase-js
-- calls (the other files of sql/).
--
-- scripts/gen-migration.ts appends sql/*.sql, in name order, after @lifeline/postgres's schema
-- (rendered for the schema "lifeline") and before the generated Row Level Security policies. Edit
-- them, then run `pnpm run gen:migration`; a test fails while the shipped migration and its sources
-- disagree.
--
-- Choices (see README.md):
-- - The RPC functions live in `public` with a `lifeline_` prefix, so a default supabase-js client
--   calls them with no API settings to change; the tables stay in `lifeline`, a schema PostgREST
--   does not expose.
-- - Every RPC function is SECURITY INVOKER (Row Level Security applies to it) and first calls
--   lifeline.require_access(), so a caller without access is refused (insufficient_privilege,
--   HTTP 401/403) instead of seeing an empty result.
-- - Every function pins `search_path` to '' and qualifies every name.

-- Who is a Lifeline admin: by default an authenticated user whose JWT carries
-- app_metadata.role = "admin" (app_metadata is writable only with the service_role key).
-- To decide differently, replace this function in a migration of your own, keeping its name and
-- signature (CREATE OR REPLACE, never DROP: the policies below depend on it), e.g.
--   CREATE OR REPLACE FUNCTION lifeline.is_admin() RETURNS boolean LANGUAGE sql STABLE SET search_path = ''
--   AS $$ SELECT coalesce((auth.jwt() ->> 'user_role') = 'ops', false) $$;
CREATE FUNCTION lifeline.is_admin() RETURNS boolean
  LANGUAGE sql STABLE
  SET search_path = ''
AS $$
  SELECT coalesce((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin', false)
$$;

-- True for the callers Lifeline's data is for: service_role, an authenticated admin, and the owner
-- of the schema (the role migrations run as, e.g. postgres in the SQL editor).
CREATE FUNCTION lifeline.has_access() RETURNS boolean
  LANGUAGE sql STABLE
  SET search_path = ''
AS $$
  SELECT current_user = 'service_role'
      OR (current_user = 'authenticated' AND lifeline.is_admin())
      OR pg_catalog.pg_has_role(current_user,
           (SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.nspname = 'lifeline'), 'USAGE')
$$;

-- Raises insufficient_privilege unless lifeline.has_access(): every RPC function calls it first.
CREATE FUNCTION lifeline.require_access() RETURNS void
  LANGUAGE plpgsql STABLE
  SET search_path = ''
AS $$
BEGIN
  IF NOT lifeline.has_access() THEN
    RAISE EXCEPTION 'Lifeline data is only for service_role and admins, not for role %', current_user
      USING ERRCODE = '42501',
            HINT = 'Use a service_role client on the server, or sign in as a user lifeline.is_admin() accepts.';
  END IF;
END
$$;

-- A timestamptz as epoch milliseconds.
CREATE FUNCTION lifeline.epoch_ms(t timestamptz) RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  SET search_path = ''
AS $$
  SELECT (extract(epoch FROM t) * 1000)::double precision
$$;
