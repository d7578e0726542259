-- Lifeline schema, version 4: operator triage (dead-letter search and grouping, incidents, durable
-- alerts, bulk jobs, attempt history). Names are qualified with :"schema" as in 001_init.sql.

-- Dead letters: the error fingerprint (errorFingerprint() of @lifeline/core) and the search text
-- (deadLetterSearchText(): id, idempotency key and payload values, lower-cased), both computed by the
-- store when it records. Rows from before this version get approximations: the search text is the
-- lower-cased id, key and raw payload JSON (so keys match too), and the fingerprint is 'fp_legacy_'
-- and an md5 of the unmasked error name and message (identical errors group, similar ones do not).
ALTER TABLE :"schema".dead_letters
  ADD COLUMN error_fingerprint text COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN search_text text NOT NULL DEFAULT '';
UPDATE :"schema".dead_letters SET
  search_text = lower(id || E'\n' || idempotency_key || E'\n' || coalesce(payload::text, '')),
  error_fingerprint = 'fp_legacy_' || left(md5(coalesce(error->>'name', '') || E'\n' || coalesce(error->>'message', '')), 16);
CREATE INDEX dead_letters_fingerprint_page ON :"schema".dead_letters (error_fingerprint, failed_at DESC, id DESC);
CREATE INDEX dead_letters_status_fingerprint ON :"schema".dead_letters (status, error_fingerprint);

-- Substring search over millions of rows needs a trigram index (pg_trgm). Where the extension cannot be
-- created (no privilege, or an embedded build without it) the migration still succeeds and search
-- scans rows instead: correct, only slower.
DO $$
DECLARE
  ops text;
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'lifeline: pg_trgm unavailable (%); dead-letter search runs without an index', SQLERRM;
  END;
  SELECT quote_ident(n.nspname) || '.gin_trgm_ops' INTO ops
    FROM pg_opclass c JOIN pg_namespace n ON n.oid = c.opcnamespace JOIN pg_am a ON a.oid = c.opcmethod
    WHERE c.opcname = 'gin_trgm_ops' AND a.amname = 'gin' LIMIT 1;
  IF ops IS NOT NULL THEN
    EXECUTE 'CREATE INDEX dead_letters_search ON :"schema".dead_letters USING gin (search_text ' || ops || ')';
  END IF;
END
$$;

-- Operation log: the delay before the next attempt, and an index for one key's attempts.
ALTER TABLE :"schema".operation_log ADD COLUMN delay_ms double precision;
CREATE INDEX operation_log_key ON :"schema".operation_log (idempotency_key, at, attempt);

-- Alerts: every alert the runtime sent, delivered or not.
CREATE TABLE :"schema".alerts (
  id text COLLATE "C" PRIMARY KEY DEFAULT ('al_' || gen_random_uuid()::text),
  at timestamptz NOT NULL,
  severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  title text NOT NULL,
  message text NOT NULL,
  fields json,
  dedupe_key text,
  url text,
  delivered boolean NOT NULL,
  error text
);
CREATE INDEX alerts_page ON :"schema".alerts (at DESC, id DESC);
CREATE INDEX alerts_severity_page ON :"schema".alerts (severity, at DESC, id DESC);

-- Incidents: what operators decided about one error fingerprint.
CREATE TABLE :"schema".incidents (
  error_fingerprint text COLLATE "C" PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  muted_until timestamptz,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  resolved_at timestamptz,
  note text,
  history jsonb NOT NULL DEFAULT '[]'::jsonb
);

-- Bulk jobs on dead letters, with a lease so another process resumes a job whose runner stopped.
CREATE TABLE :"schema".bulk_jobs (
  id text COLLATE "C" PRIMARY KEY DEFAULT ('bulk_' || gen_random_uuid()::text),
  action text NOT NULL CHECK (action IN ('retry', 'resolve')),
  filter json,
  ids jsonb NOT NULL,
  by_whom text NOT NULL,
  note text,
  created_at timestamptz NOT NULL,
  canary integer NOT NULL,
  max_new_failures integer NOT NULL,
  pace_ms double precision NOT NULL,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'aborted', 'stopped')),
  total integer NOT NULL,
  processed integer NOT NULL DEFAULT 0,
  counts jsonb NOT NULL DEFAULT '{"resolved":0,"failed":0,"queued":0,"conflict":0,"not_found":0}'::jsonb,
  updated_at timestamptz NOT NULL,
  finished_at timestamptz,
  stop_reason text,
  abort_requested_by text,
  abort_requested_at timestamptz,
  lease_owner text,
  lease_until timestamptz
);
CREATE INDEX bulk_jobs_page ON :"schema".bulk_jobs (created_at DESC, id DESC);
CREATE INDEX bulk_jobs_running ON :"schema".bulk_jobs (created_at DESC, id DESC) WHERE status = 'running';

-- The audit trail: one row per item of a bulk job.
CREATE TABLE :"schema".bulk_job_items (
  job_id text COLLATE "C" NOT NULL REFERENCES :"schema".bulk_jobs (id) ON DELETE CASCADE,
  item_index integer NOT NULL,
  dead_letter_id text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('resolved', 'failed', 'queued', 'conflict', 'not_found')),
  error text,
  at timestamptz NOT NULL,
  PRIMARY KEY (job_id, item_index)
);
