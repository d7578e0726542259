-- Triage (issue 14): dead-letter search, error fingerprints and grouping, and each attempt's retry delay.
-- The store computes the fingerprint and the search text in JavaScript (as @lifeline/postgres does), so
-- every backend groups and matches alike; the functions below take them as arguments.
-- Builds on 25_redrive_lease.sql: the dead-letter RPCs replaced here keep its redrive lease (a `retrying`
-- entry whose redrive_lease_until has passed counts as, and is reopened to, `open`; p_at and p_lease_until).

-- The JSON of a dead letter now carries its errorFingerprint (and, as in 25, its redriveLeaseUntil).
CREATE OR REPLACE FUNCTION lifeline.dead_letter_json(d lifeline.dead_letters) RETURNS json
  LANGUAGE sql STABLE
  SET search_path = ''
AS $$
  SELECT json_object_agg(f.k, f.v ORDER BY f.o)
  FROM (VALUES
    (1, 'id', to_json(d.id)),
    (2, 'kind', to_json(d.kind)),
    (3, 'name', to_json(d.name)),
    (4, 'payload', d.payload),
    (5, 'error', d.error),
    (6, 'attempts', to_json(d.attempts)),
    (7, 'idempotencyKey', to_json(d.idempotency_key)),
    (8, 'firstFailedAt', to_json(lifeline.epoch_ms(d.first_failed_at))),
    (9, 'failedAt', to_json(lifeline.epoch_ms(d.failed_at))),
    (10, 'meta', d.meta),
    (11, 'status', to_json(d.status)),
    (12, 'errorFingerprint', to_json(d.error_fingerprint)),
    (13, 'retryCount', to_json(d.retry_count)),
    (14, 'lastRetriedAt', to_json(lifeline.epoch_ms(d.last_retried_at))),
    (15, 'resolvedAt', to_json(lifeline.epoch_ms(d.resolved_at))),
    (16, 'resolvedBy', to_json(d.resolved_by)),
    (17, 'note', to_json(d.note)),
    (18, 'redriveLeaseUntil', to_json(lifeline.epoch_ms(d.redrive_lease_until))),
    (19, 'history', d.history::json)
  ) f(o, k, v)
  WHERE f.v IS NOT NULL
$$;

-- The WHERE clause of a triage filter: $1 kind, $2 name, $3 statuses, $4 from, $5 to, $6/$7 the keyset
-- position, $8 the LIKE pattern of the search (already escaped, lower-cased), $9 the error fingerprint.
CREATE FUNCTION lifeline.dead_letter_filter(p_kind text, p_name text, p_statuses text[], p_from timestamptz,
    p_to timestamptz, p_after boolean, p_search boolean, p_fingerprint boolean) RETURNS text
  LANGUAGE sql IMMUTABLE
  SET search_path = ''
AS $$
  SELECT coalesce('WHERE ' || string_agg(c, ' AND '), '')
  FROM unnest(ARRAY[
    CASE WHEN p_kind IS NOT NULL THEN 'd.kind = $1' END,
    CASE WHEN p_name IS NOT NULL THEN 'd.name = $2' END,
    CASE WHEN cardinality(p_statuses) = 1 THEN 'd.status = $3[1]'
         WHEN p_statuses IS NOT NULL THEN 'd.status = ANY($3)' END,
    CASE WHEN p_from IS NOT NULL THEN 'd.failed_at >= $4' END,
    CASE WHEN p_to IS NOT NULL THEN 'd.failed_at < $5' END,
    CASE WHEN p_after THEN '(d.failed_at, d.id) < ($6, $7)' END,
    CASE WHEN p_search THEN 'd.search_text LIKE $8 ESCAPE ''\''' END,
    CASE WHEN p_fingerprint THEN 'd.error_fingerprint = $9' END
  ]) c
$$;

DROP FUNCTION public.lifeline_dead_letter_record(text, text, text, text, integer, text, timestamptz, timestamptz, text);
-- The signatures of 25_redrive_lease.sql (list, count, transition) and of 20/40 (record, log append).
DROP FUNCTION public.lifeline_dead_letter_list(text, text, text[], timestamptz, timestamptz, timestamptz, text, integer,
  timestamptz);
DROP FUNCTION public.lifeline_dead_letter_count(text, text, text[], timestamptz, timestamptz, timestamptz);
DROP FUNCTION public.lifeline_dead_letter_transition(text, text[], text, text, timestamptz, text, text, timestamptz);
DROP FUNCTION public.lifeline_log_append(text, text, text, integer, text, timestamptz, double precision, timestamptz, text);

-- Records a dead letter (or merges it into the unresolved one of the same work) with its error
-- fingerprint and search text (p_search_tail: the search text without the id, which is prepended here).
CREATE FUNCTION public.lifeline_dead_letter_record(p_id text, p_kind text, p_name text, p_payload text,
    p_error text, p_attempts integer, p_idempotency_key text, p_first_failed_at timestamptz,
    p_failed_at timestamptz, p_error_fingerprint text, p_search_tail text, p_meta text DEFAULT NULL) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  d lifeline.dead_letters;
BEGIN
  PERFORM lifeline.require_access();
  INSERT INTO lifeline.dead_letters AS x
    (id, kind, name, payload, error, attempts, idempotency_key, first_failed_at, failed_at, meta,
     error_fingerprint, search_text)
  VALUES (p_id, p_kind, p_name, p_payload::json, p_error::json, p_attempts, p_idempotency_key,
    p_first_failed_at, p_failed_at, p_meta::json, p_error_fingerprint, lower(p_id) || p_search_tail)
  ON CONFLICT (name, idempotency_key) WHERE status IN ('open', 'retrying') DO UPDATE SET
    error = excluded.error, payload = excluded.payload, meta = coalesce(excluded.meta, x.meta),
    attempts = x.attempts + excluded.attempts,
    first_failed_at = least(x.first_failed_at, excluded.first_failed_at),
    failed_at = greatest(x.failed_at, excluded.failed_at),
    error_fingerprint = excluded.error_fingerprint,
    search_text = lower(x.id) || p_search_tail
  RETURNING x.* INTO d;
  RETURN lifeline.dead_letter_json(d);
END
$$;

-- Up to p_limit dead letters matching the filter, newest first, after the keyset position: a JSON array.
-- Redrive leases ended at p_at (default now()) are reopened first.
CREATE FUNCTION public.lifeline_dead_letter_list(p_kind text DEFAULT NULL, p_name text DEFAULT NULL,
    p_statuses text[] DEFAULT NULL, p_from timestamptz DEFAULT NULL, p_to timestamptz DEFAULT NULL,
    p_after_failed_at timestamptz DEFAULT NULL, p_after_id text DEFAULT NULL, p_search_pattern text DEFAULT NULL,
    p_error_fingerprint text DEFAULT NULL, p_limit integer DEFAULT 50, p_at timestamptz DEFAULT NULL) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  result json;
BEGIN
  PERFORM lifeline.require_access();
  IF p_limit IS NULL OR p_limit < 1 OR p_limit > 1000 THEN
    RAISE EXCEPTION 'p_limit must be 1..1000, got %', p_limit USING ERRCODE = '22023';
  END IF;
  IF (p_after_failed_at IS NULL) <> (p_after_id IS NULL) THEN
    RAISE EXCEPTION 'p_after_failed_at and p_after_id go together' USING ERRCODE = '22023';
  END IF;
  PERFORM lifeline.reopen_expired_redrives(coalesce(p_at, now()));
  EXECUTE format(
    'SELECT coalesce(json_agg(lifeline.dead_letter_json(d) ORDER BY d.failed_at DESC, d.id DESC), ''[]''::json)
     FROM (SELECT * FROM lifeline.dead_letters d %s ORDER BY d.failed_at DESC, d.id DESC LIMIT $10) d',
    lifeline.dead_letter_filter(p_kind, p_name, p_statuses, p_from, p_to, p_after_id IS NOT NULL,
      p_search_pattern IS NOT NULL, p_error_fingerprint IS NOT NULL))
  INTO result
  USING p_kind, p_name, p_statuses, p_from, p_to, p_after_failed_at, p_after_id, p_search_pattern,
    p_error_fingerprint, p_limit;
  RETURN result;
END
$$;

-- How many dead letters match the filter, after reopening redrive leases ended at p_at (default now()).
CREATE FUNCTION public.lifeline_dead_letter_count(p_kind text DEFAULT NULL, p_name text DEFAULT NULL,
    p_statuses text[] DEFAULT NULL, p_from timestamptz DEFAULT NULL, p_to timestamptz DEFAULT NULL,
    p_search_pattern text DEFAULT NULL, p_error_fingerprint text DEFAULT NULL, p_at timestamptz DEFAULT NULL)
    RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  result bigint;
BEGIN
  PERFORM lifeline.require_access();
  PERFORM lifeline.reopen_expired_redrives(coalesce(p_at, now()));
  EXECUTE format('SELECT count(*) FROM lifeline.dead_letters d %s',
    lifeline.dead_letter_filter(p_kind, p_name, p_statuses, p_from, p_to, false,
      p_search_pattern IS NOT NULL, p_error_fingerprint IS NOT NULL))
  INTO result
  USING p_kind, p_name, p_statuses, p_from, p_to, NULL::timestamptz, NULL::text, p_search_pattern, p_error_fingerprint;
  RETURN result;
END
$$;

-- Totals per status for the filter (statuses are not a filter here): {"open": n, "retrying": n, "resolved": n},
-- after reopening redrive leases ended at p_at (default now()).
CREATE FUNCTION public.lifeline_dead_letter_count_by_status(p_kind text DEFAULT NULL, p_name text DEFAULT NULL,
    p_from timestamptz DEFAULT NULL, p_to timestamptz DEFAULT NULL, p_search_pattern text DEFAULT NULL,
    p_error_fingerprint text DEFAULT NULL, p_at timestamptz DEFAULT NULL) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  result json;
BEGIN
  PERFORM lifeline.require_access();
  PERFORM lifeline.reopen_expired_redrives(coalesce(p_at, now()));
  EXECUTE format(
    'SELECT json_build_object(''open'', count(*) FILTER (WHERE d.status = ''open''),
       ''retrying'', count(*) FILTER (WHERE d.status = ''retrying''),
       ''resolved'', count(*) FILTER (WHERE d.status = ''resolved''))
     FROM lifeline.dead_letters d %s',
    lifeline.dead_letter_filter(p_kind, p_name, NULL, p_from, p_to, false,
      p_search_pattern IS NOT NULL, p_error_fingerprint IS NOT NULL))
  INTO result
  USING p_kind, p_name, NULL::text[], p_from, p_to, NULL::timestamptz, NULL::text, p_search_pattern, p_error_fingerprint;
  RETURN result;
END
$$;

-- Dead letters matching the filter grouped by error fingerprint, largest first (then latest failure),
-- each with the error of its latest entry: a JSON array of at most p_limit groups. Redrive leases ended at
-- p_at (default now()) are reopened first.
CREATE FUNCTION public.lifeline_dead_letter_group_by_error(p_kind text DEFAULT NULL, p_name text DEFAULT NULL,
    p_statuses text[] DEFAULT NULL, p_from timestamptz DEFAULT NULL, p_to timestamptz DEFAULT NULL,
    p_search_pattern text DEFAULT NULL, p_error_fingerprint text DEFAULT NULL, p_limit integer DEFAULT 50,
    p_at timestamptz DEFAULT NULL) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  result json;
  filter text;
BEGIN
  PERFORM lifeline.require_access();
  IF p_limit IS NULL OR p_limit < 1 OR p_limit > 500 THEN
    RAISE EXCEPTION 'p_limit must be 1..500, got %', p_limit USING ERRCODE = '22023';
  END IF;
  PERFORM lifeline.reopen_expired_redrives(coalesce(p_at, now()));
  filter := lifeline.dead_letter_filter(p_kind, p_name, p_statuses, p_from, p_to, false,
    p_search_pattern IS NOT NULL, p_error_fingerprint IS NOT NULL);
  EXECUTE format(
    'SELECT coalesce(json_agg(json_build_object(''errorFingerprint'', g.fp, ''errorName'', s.error->>''name'',
       ''sampleMessage'', s.error->>''message'', ''count'', g.n, ''firstFailedAt'', lifeline.epoch_ms(g.first),
       ''lastFailedAt'', lifeline.epoch_ms(g.last)) ORDER BY g.n DESC, g.last DESC, g.fp), ''[]''::json)
     FROM (SELECT d.error_fingerprint AS fp, count(*) AS n, min(d.failed_at) AS first, max(d.failed_at) AS last
           FROM lifeline.dead_letters d %s GROUP BY d.error_fingerprint
           ORDER BY n DESC, last DESC, d.error_fingerprint LIMIT $10) g
     CROSS JOIN LATERAL (SELECT d.error FROM lifeline.dead_letters d %s d.error_fingerprint = g.fp
           ORDER BY d.failed_at DESC, d.id DESC LIMIT 1) s',
    filter, CASE WHEN filter = '' THEN 'WHERE' ELSE filter || ' AND' END)
  INTO result
  USING p_kind, p_name, p_statuses, p_from, p_to, NULL::timestamptz, NULL::text, p_search_pattern,
    p_error_fingerprint, p_limit;
  RETURN result;
END
$$;

-- Compare-and-set status change, as in 25_redrive_lease.sql: one UPDATE … WHERE the status at p_at is in
-- p_from AND the move is allowed. A `retrying` entry whose redrive lease ended by p_at counts as `open`, and
-- its reopening is written in the same UPDATE. `→ retrying` sets the lease to p_lease_until; leaving
-- `retrying` clears it. A failed redrive's new error (`→ open` with p_error) also replaces the fingerprint.
-- When it changes nothing, raises LL404 (no such id) or LL409 (DETAIL: the current status).
CREATE FUNCTION public.lifeline_dead_letter_transition(p_id text, p_from text[], p_to text, p_by text,
    p_at timestamptz, p_note text DEFAULT NULL, p_error text DEFAULT NULL, p_lease_until timestamptz DEFAULT NULL,
    p_error_fingerprint text DEFAULT NULL) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  d lifeline.dead_letters;
  actual text;
BEGIN
  PERFORM lifeline.require_access();
  UPDATE lifeline.dead_letters AS x SET
    status = p_to,
    history = x.history
      || CASE WHEN x.status = 'retrying' AND x.redrive_lease_until <= p_at
           THEN lifeline.redrive_reopened(x) ELSE '[]'::jsonb END
      || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
        'from', CASE WHEN x.status = 'retrying' AND x.redrive_lease_until <= p_at THEN 'open' ELSE x.status END,
        'to', p_to, 'by', p_by, 'at', lifeline.epoch_ms(p_at), 'note', p_note))),
    retry_count = x.retry_count + CASE WHEN p_to = 'retrying' THEN 1 ELSE 0 END,
    last_retried_at = CASE WHEN p_to = 'retrying' THEN p_at ELSE x.last_retried_at END,
    redrive_lease_until = CASE WHEN p_to = 'retrying' THEN p_lease_until ELSE NULL END,
    resolved_at = CASE WHEN p_to = 'resolved' THEN p_at ELSE x.resolved_at END,
    resolved_by = CASE WHEN p_to = 'resolved' THEN p_by ELSE x.resolved_by END,
    note = CASE WHEN p_to = 'resolved' AND p_note IS NOT NULL THEN p_note ELSE x.note END,
    error = CASE WHEN p_to = 'open' AND p_error IS NOT NULL THEN p_error::json ELSE x.error END,
    error_fingerprint = CASE WHEN p_to = 'open' AND p_error IS NOT NULL AND p_error_fingerprint IS NOT NULL
      THEN p_error_fingerprint ELSE x.error_fingerprint END
  WHERE x.id = p_id
    AND (CASE WHEN x.status = 'retrying' AND x.redrive_lease_until <= p_at THEN 'open' ELSE x.status END)
      = ANY(p_from)
    AND ((CASE WHEN x.status = 'retrying' AND x.redrive_lease_until <= p_at THEN 'open' ELSE x.status END), p_to)
      IN (('open', 'retrying'), ('open', 'resolved'), ('retrying', 'open'), ('retrying', 'resolved'))
  RETURNING x.* INTO d;
  IF FOUND THEN
    RETURN lifeline.dead_letter_json(d);
  END IF;
  -- The compare-and-set lost: read the status only to say why (nothing is written from it).
  SELECT CASE WHEN x.status = 'retrying' AND x.redrive_lease_until <= p_at THEN 'open' ELSE x.status END
    INTO actual FROM lifeline.dead_letters x WHERE x.id = p_id;
  IF actual IS NULL THEN
    RAISE EXCEPTION 'Dead letter "%" was not found', p_id USING ERRCODE = 'LL404';
  END IF;
  RAISE EXCEPTION 'Cannot move dead letter "%" to "%": it is "%"', p_id, p_to, actual
    USING ERRCODE = 'LL409', DETAIL = actual;
END
$$;

-- Appends one attempt outcome, with the delay before the next attempt.
CREATE FUNCTION public.lifeline_log_append(p_operation text, p_kind text, p_idempotency_key text,
    p_attempt integer, p_outcome text, p_at timestamptz, p_duration_ms double precision,
    p_enqueued_at timestamptz, p_error text DEFAULT NULL, p_delay_ms double precision DEFAULT NULL) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  INSERT INTO lifeline.operation_log
    (operation, kind, idempotency_key, attempt, outcome, at, duration_ms, enqueued_at, error, delay_ms)
  VALUES (p_operation, p_kind, p_idempotency_key, p_attempt, p_outcome, p_at, p_duration_ms, p_enqueued_at,
    p_error, p_delay_ms);
  RETURN true;
END
$$;

-- Every attempt of one idempotency key (and operation), oldest first, at most 1,000: a JSON array.
CREATE FUNCTION public.lifeline_log_attempts(p_idempotency_key text, p_operation text DEFAULT NULL) RETURNS json
  LANGUAGE plpgsql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  RETURN (
    SELECT coalesce(json_agg(json_strip_nulls(json_build_object('operation', l.operation, 'kind', l.kind,
      'idempotencyKey', l.idempotency_key, 'attempt', l.attempt, 'outcome', l.outcome,
      'at', lifeline.epoch_ms(l.at), 'durationMs', l.duration_ms, 'enqueuedAt', lifeline.epoch_ms(l.enqueued_at),
      'error', l.error, 'delayMs', l.delay_ms)) ORDER BY l.at, l.attempt, l.id), '[]'::json)
    FROM (SELECT * FROM lifeline.operation_log o
          WHERE o.idempotency_key = p_idempotency_key AND (p_operation IS NULL OR o.operation = p_operation)
          ORDER BY o.at, o.attempt, o.id LIMIT 1000) l
  );
END
$$;
