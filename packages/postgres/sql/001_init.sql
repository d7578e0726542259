-- Lifeline schema, version 1.
--
-- Every name is qualified with :"schema" (psql variable syntax). `migrate()` from
-- @lifeline/postgres replaces it with the quoted schema name and records the version in
-- :"schema".migrations; by hand: psql -v schema=lifeline -f 001_init.sql.
-- Timestamps are timestamptz holding whole epoch milliseconds; JSON columns are `json`
-- (stored as sent, and able to hold any JSON string, including "\u0000").

-- Dead letters: operations that exhausted their retries.
CREATE TABLE :"schema".dead_letters (
  id text COLLATE "C" PRIMARY KEY DEFAULT ('dl_' || gen_random_uuid()::text),
  kind text NOT NULL CHECK (kind IN ('email', 'webhook', 'job')),
  name text NOT NULL,
  payload json,
  error json NOT NULL,
  attempts integer NOT NULL CHECK (attempts >= 0),
  idempotency_key text NOT NULL,
  first_failed_at timestamptz NOT NULL,
  failed_at timestamptz NOT NULL,
  meta json,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'retrying', 'resolved')),
  retry_count integer NOT NULL DEFAULT 0,
  last_retried_at timestamptz,
  resolved_at timestamptz,
  resolved_by text,
  note text,
  history jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Keyset pages, newest first, unfiltered and by the admin filters.
CREATE INDEX dead_letters_page ON :"schema".dead_letters (failed_at DESC, id DESC);
CREATE INDEX dead_letters_status_page ON :"schema".dead_letters (status, failed_at DESC, id DESC);
CREATE INDEX dead_letters_kind_status_page ON :"schema".dead_letters (kind, status, failed_at DESC, id DESC);
CREATE INDEX dead_letters_name_page ON :"schema".dead_letters (name, failed_at DESC, id DESC);
-- One unresolved entry per piece of work: the same work failing again merges into it.
CREATE UNIQUE INDEX dead_letters_unresolved_work ON :"schema".dead_letters (name, idempotency_key)
  WHERE status IN ('open', 'retrying');
-- Retention: resolved entries by age.
CREATE INDEX dead_letters_resolved ON :"schema".dead_letters (resolved_at) WHERE status = 'resolved';

-- Idempotency keys: which work ran, or is running under a lease.
CREATE TABLE :"schema".idempotency_keys (
  key text COLLATE "C" PRIMARY KEY,
  fingerprint text NOT NULL,
  status text NOT NULL CHECK (status IN ('in_progress', 'completed')),
  token text,
  lease_expires_at timestamptz,
  result json,
  completed_at timestamptz,
  expires_at timestamptz
);
CREATE INDEX idempotency_keys_expiry ON :"schema".idempotency_keys (expires_at) WHERE expires_at IS NOT NULL;

-- Operation log: one row per attempt outcome.
CREATE TABLE :"schema".operation_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  operation text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('email', 'webhook', 'job')),
  idempotency_key text NOT NULL,
  attempt integer NOT NULL CHECK (attempt >= 1),
  outcome text NOT NULL CHECK (outcome IN ('succeeded', 'retrying', 'dead_lettered', 'duplicate')),
  at timestamptz NOT NULL,
  duration_ms double precision NOT NULL,
  enqueued_at timestamptz NOT NULL,
  error text
);
CREATE INDEX operation_log_at ON :"schema".operation_log (at);
-- Exact p95 of time to success over small windows: an index-only scan of successes.
CREATE INDEX operation_log_successes ON :"schema".operation_log (kind, at) INCLUDE (enqueued_at)
  WHERE outcome = 'succeeded';

-- Log-scale bucket of a time to success (ratio 1.1): the bucket b holds (1.1^(b-1), 1.1^b] ms,
-- and bucket 0 holds everything up to 1 ms.
CREATE FUNCTION :"schema".tts_bucket(ms double precision) RETURNS smallint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN greatest(0, ceil(ln(greatest(ms, 1)) / ln(1.1)))::smallint;

-- Rollups of the log, maintained on insert, so a health query over a day reads a few thousand small
-- rows instead of every log row. Counts per minute and per hour (UTC) are exact, with the sum of the
-- times to success (for the mean).
CREATE TABLE :"schema".operation_log_rollup (
  grain text NOT NULL CHECK (grain IN ('minute', 'hour')),
  bucket timestamptz NOT NULL,
  kind text NOT NULL,
  outcome text NOT NULL,
  retried boolean NOT NULL,
  n bigint NOT NULL,
  tts_sum_ms double precision NOT NULL,
  PRIMARY KEY (grain, bucket, kind, outcome, retried)
);

-- Times to success per hour (UTC) in log-scale buckets: the p95 of windows too large to sort.
CREATE TABLE :"schema".operation_log_tts (
  bucket timestamptz NOT NULL,
  kind text NOT NULL,
  tts_bucket smallint NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (bucket, kind, tts_bucket)
);

CREATE FUNCTION :"schema".operation_log_rollup_insert() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, :"schema"
AS $$
BEGIN
  INSERT INTO operation_log_rollup AS r (grain, bucket, kind, outcome, retried, n, tts_sum_ms)
  SELECT g.grain, date_trunc(g.grain, l.at, 'UTC'), l.kind, l.outcome, l.attempt > 1, count(*),
         coalesce(sum((extract(epoch FROM l.at) - extract(epoch FROM l.enqueued_at)) * 1000)
                  FILTER (WHERE l.outcome = 'succeeded'), 0)
  FROM new_rows l CROSS JOIN (VALUES ('minute'), ('hour')) g(grain)
  GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (grain, bucket, kind, outcome, retried)
  DO UPDATE SET n = r.n + excluded.n, tts_sum_ms = r.tts_sum_ms + excluded.tts_sum_ms;

  INSERT INTO operation_log_tts AS t (bucket, kind, tts_bucket, n)
  SELECT date_trunc('hour', l.at, 'UTC'), l.kind,
         tts_bucket(((extract(epoch FROM l.at) - extract(epoch FROM l.enqueued_at)) * 1000)::double precision), count(*)
  FROM new_rows l
  WHERE l.outcome = 'succeeded'
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT (bucket, kind, tts_bucket) DO UPDATE SET n = t.n + excluded.n;
  RETURN NULL;
END
$$;

CREATE TRIGGER operation_log_rollup AFTER INSERT ON :"schema".operation_log
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION :"schema".operation_log_rollup_insert();

-- Throttle state: the start times (epoch ms) of each key's recent slots, oldest first.
CREATE TABLE :"schema".throttle_state (
  key text COLLATE "C" PRIMARY KEY,
  starts double precision[] NOT NULL,
  idle_at double precision NOT NULL
);
CREATE INDEX throttle_state_idle ON :"schema".throttle_state (idle_at);

-- The slots a reservation leaves: `prev` (forgotten when idle at `at_ms`) plus one new slot at
-- the earliest time not before `at_ms`, not before the last slot, and a full period after the
-- slot `lim` places back; slots whose period ended by the new one are dropped. The new slot is
-- the last element.
CREATE FUNCTION :"schema".throttle_next(prev double precision[], idle_at double precision, lim integer,
    period double precision, at_ms double precision) RETURNS double precision[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (
    SELECT array_agg(u.x ORDER BY u.o)
    FROM (
      SELECT live, greatest(at_ms, live[cardinality(live)],
               CASE WHEN cardinality(live) >= lim THEN live[cardinality(live) - lim + 1] + period END) AS start
      FROM (SELECT CASE WHEN prev IS NULL OR idle_at <= at_ms THEN '{}'::double precision[] ELSE prev END AS live) l
    ) s
    CROSS JOIN LATERAL unnest(s.live || s.start) WITH ORDINALITY u(x, o)
    WHERE u.x + period > s.start
  );

-- Transactional outbox: work committed with the app's own transaction, sent by a relay.
CREATE TABLE :"schema".outbox (
  id text COLLATE "C" PRIMARY KEY DEFAULT ('evt_' || gen_random_uuid()::text),
  name text NOT NULL,
  data json,
  idempotency_key text NOT NULL,
  created_at timestamptz NOT NULL,
  available_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  sent_at timestamptz,
  last_error text
);
CREATE INDEX outbox_pending ON :"schema".outbox (available_at, created_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent ON :"schema".outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Cursors of incremental jobs (e.g. the last reconciled Stripe event).
CREATE TABLE :"schema".cursors (
  key text COLLATE "C" PRIMARY KEY,
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
