-- Dead letters: JSON shape, filters, and the RPC functions of supabaseDeadLetterStore.

-- A dead letter as the JSON object Lifeline's DeadLetter type describes; SQL NULLs are left out.
CREATE FUNCTION lifeline.dead_letter_json(d lifeline.dead_letters) RETURNS json
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
    (12, 'retryCount', to_json(d.retry_count)),
    (13, 'lastRetriedAt', to_json(lifeline.epoch_ms(d.last_retried_at))),
    (14, 'resolvedAt', to_json(lifeline.epoch_ms(d.resolved_at))),
    (15, 'resolvedBy', to_json(d.resolved_by)),
    (16, 'note', to_json(d.note)),
    (17, 'history', d.history::json)
  ) f(o, k, v)
  WHERE f.v IS NOT NULL
$$;

-- The WHERE clause of a dead-letter filter over $1..$7 of lifeline_dead_letter_list/count: only the
-- conditions given, one status as `=`, so the planner keeps using the keyset indexes.
CREATE FUNCTION lifeline.dead_letter_where(p_kind text, p_name text, p_statuses text[], p_from timestamptz,
    p_to timestamptz, p_after boolean) RETURNS text
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
    CASE WHEN p_after THEN '(d.failed_at, d.id) < ($6, $7)' END
  ]) c
$$;

-- Records a dead letter, or merges it into the unresolved one of the same work (name, idempotency
-- key): one INSERT … ON CONFLICT on the partial unique index. JSON arguments are JSON text.
CREATE FUNCTION public.lifeline_dead_letter_record(p_kind text, p_name text, p_payload text, p_error text,
    p_attempts integer, p_idempotency_key text, p_first_failed_at timestamptz, p_failed_at timestamptz,
    p_meta text DEFAULT NULL) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  d lifeline.dead_letters;
BEGIN
  PERFORM lifeline.require_access();
  INSERT INTO lifeline.dead_letters AS x
    (kind, name, payload, error, attempts, idempotency_key, first_failed_at, failed_at, meta)
  VALUES (p_kind, p_name, p_payload::json, p_error::json, p_attempts, p_idempotency_key, p_first_failed_at,
    p_failed_at, p_meta::json)
  ON CONFLICT (name, idempotency_key) WHERE status IN ('open', 'retrying') DO UPDATE SET
    error = excluded.error, payload = excluded.payload, meta = coalesce(excluded.meta, x.meta),
    attempts = x.attempts + excluded.attempts,
    first_failed_at = least(x.first_failed_at, excluded.first_failed_at),
    failed_at = greatest(x.failed_at, excluded.failed_at)
  RETURNING x.* INTO d;
  RETURN lifeline.dead_letter_json(d);
END
$$;

-- One dead letter, or null.
CREATE FUNCTION public.lifeline_dead_letter_get(p_id text) RETURNS json
  LANGUAGE plpgsql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  RETURN (SELECT lifeline.dead_letter_json(d) FROM lifeline.dead_letters d WHERE d.id = p_id);
END
$$;

-- Up to p_limit dead letters matching the filter, newest first by (failed_at, id), after the keyset
-- position (p_after_failed_at, p_after_id) when given: a JSON array.
CREATE FUNCTION public.lifeline_dead_letter_list(p_kind text DEFAULT NULL, p_name text DEFAULT NULL,
    p_statuses text[] DEFAULT NULL, p_from timestamptz DEFAULT NULL, p_to timestamptz DEFAULT NULL,
    p_after_failed_at timestamptz DEFAULT NULL, p_after_id text DEFAULT NULL, p_limit integer DEFAULT 50)
    RETURNS json
  LANGUAGE plpgsql STABLE SECURITY INVOKER
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
  EXECUTE format(
    'SELECT coalesce(json_agg(lifeline.dead_letter_json(d) ORDER BY d.failed_at DESC, d.id DESC), ''[]''::json)
     FROM (SELECT * FROM lifeline.dead_letters d %s ORDER BY d.failed_at DESC, d.id DESC LIMIT $8) d',
    lifeline.dead_letter_where(p_kind, p_name, p_statuses, p_from, p_to, p_after_id IS NOT NULL))
  INTO result
  USING p_kind, p_name, p_statuses, p_from, p_to, p_after_failed_at, p_after_id, p_limit;
  RETURN result;
END
$$;

-- How many dead letters match the filter.
CREATE FUNCTION public.lifeline_dead_letter_count(p_kind text DEFAULT NULL, p_name text DEFAULT NULL,
    p_statuses text[] DEFAULT NULL, p_from timestamptz DEFAULT NULL, p_to timestamptz DEFAULT NULL)
    RETURNS bigint
  LANGUAGE plpgsql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  result bigint;
BEGIN
  PERFORM lifeline.require_access();
  EXECUTE format('SELECT count(*) FROM lifeline.dead_letters d %s',
    lifeline.dead_letter_where(p_kind, p_name, p_statuses, p_from, p_to, false))
  INTO result
  USING p_kind, p_name, p_statuses, p_from, p_to;
  RETURN result;
END
$$;

-- Compare-and-set status change: one UPDATE … WHERE status = ANY(p_from) AND the move is allowed.
-- When it changes nothing, raises LL404 (no such id) or LL409 (DETAIL: the current status).
CREATE FUNCTION public.lifeline_dead_letter_transition(p_id text, p_from text[], p_to text, p_by text,
    p_at timestamptz, p_note text DEFAULT NULL, p_error text DEFAULT NULL) RETURNS json
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
    history = x.history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
      'from', x.status, 'to', p_to, 'by', p_by, 'at', lifeline.epoch_ms(p_at), 'note', p_note))),
    retry_count = x.retry_count + CASE WHEN p_to = 'retrying' THEN 1 ELSE 0 END,
    last_retried_at = CASE WHEN p_to = 'retrying' THEN p_at ELSE x.last_retried_at END,
    resolved_at = CASE WHEN p_to = 'resolved' THEN p_at ELSE x.resolved_at END,
    resolved_by = CASE WHEN p_to = 'resolved' THEN p_by ELSE x.resolved_by END,
    note = CASE WHEN p_to = 'resolved' AND p_note IS NOT NULL THEN p_note ELSE x.note END,
    error = CASE WHEN p_to = 'open' AND p_error IS NOT NULL THEN p_error::json ELSE x.error END
  WHERE x.id = p_id AND x.status = ANY(p_from)
    AND (x.status, p_to) IN (('open', 'retrying'), ('open', 'resolved'), ('retrying', 'open'), ('retrying', 'resolved'))
  RETURNING x.* INTO d;
  IF FOUND THEN
    RETURN lifeline.dead_letter_json(d);
  END IF;
  -- The compare-and-set lost: read the status only to say why (nothing is written from it).
  SELECT x.status INTO actual FROM lifeline.dead_letters x WHERE x.id = p_id;
  IF actual IS NULL THEN
    RAISE EXCEPTION 'Dead letter "%" was not found', p_id USING ERRCODE = 'LL404';
  END IF;
  RAISE EXCEPTION 'Cannot move dead letter "%" to "%": it is "%"', p_id, p_to, actual
    USING ERRCODE = 'LL409', DETAIL = actual;
END
$$;
