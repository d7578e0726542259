-- Privileges. anon and PUBLIC get nothing. authenticated and service_role get table privileges,
-- which the Row Level Security policies below narrow to admins (authenticated) and grant in full
-- (service_role). Supabase's default privileges grant EXECUTE on new functions in `public` to anon:
-- revoked here for every lifeline_ function.
REVOKE ALL ON SCHEMA lifeline FROM PUBLIC;
GRANT USAGE ON SCHEMA lifeline TO authenticated, service_role;
REVOKE ALL ON ALL TABLES IN SCHEMA lifeline FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA lifeline TO authenticated, service_role;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA lifeline FROM PUBLIC, anon, authenticated, service_role;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA lifeline TO authenticated, service_role;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA lifeline FROM PUBLIC, anon;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA lifeline TO authenticated, service_role;
DO $$
DECLARE
  fn text;
BEGIN
  FOR fn IN
    SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid))
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND p.proname LIKE 'lifeline\_%'
  LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC, anon', fn);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO authenticated, service_role', fn);
  END LOOP;
END
$$;
