-- Crash-safe redrive (@lifeline/postgres migration 003_redrive_lease): a `retrying` dead letter carries
-- redrive_lease_until; once it has passed without the redrive settling, the entry is `open` again. These
-- replace the dead-letter functions of 20_dead_letters.sql that read or move the status.

-- The history entry of a reopening by an expired lease, dated at the lease's end.
CREATE FUNCTION lifeline.redrive_reopened(d lifeline.dead_letters) RETURNS jsonb
  LANGUAGE sql IMMUTABLE
  SET search_path = ''
AS $$
  SELECT jsonb_build_array(jsonb_build_object('from', 'retrying', 'to', 'open', 'by', 'system',
    'at', lifeline.epoch_ms(d.redrive_lease_until), 'note', 'redrive lease expired before the redrive settled'))
$$;

-- Reopens every entry whose redrive lease ended at or before p_at (the partial index finds them).
CREATE FUNCTION lifeline.reopen_expired_redrives(p_at timestamptz) RETURNS void
  LANGUAGE sql VOLATILE
  SET search_path = ''
AS $$
  UPDATE lifeline.dead_letters AS x
  SET status = 'open', redrive_lease_until = NULL, history = x.history || lifeline.redrive_reopened(x)
  WHERE x.status = 'retrying' AND x.redrive_lease_until <= p_at
$$;

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
    (12, 'retryCount', to_json(d.retry_count)),
    (13, 'lastRetriedAt', to_json(lifeline.epoch_ms(d.last_retried_at))),
    (14, 'resolvedAt', to_json(lifeline.epoch_ms(d.resolved_at))),
    (15, 'resolvedBy', to_json(d.resolved_by)),
    (16, 'note', to_json(d.note)),
    (17, 'redriveLeaseUntil', to_json(lifeline.epoch_ms(d.redrive_lease_until))),
    (18, 'history', d.history::json)
  ) f(o, k, v)
  WHERE f.v IS NOT NULL
$$;

-- One dead letter (reopened first if its redrive lease has ended), or null.
CREATE OR REPLACE FUNCTION public.lifeline_dead_letter_get(p_id text) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  d lifeline.dead_letters;
BEGIN
  PERFORM lifeline.require_access();
  UPDATE lifeline.dead_letters AS x
  SET status = 'open', redrive_lease_until = NULL, history = x.history || lifeline.redrive_reopened(x)
  WHERE x.id = p_id AND x.status = 'retrying' AND x.redrive_lease_until <= now()
  RETURNING x.* INTO d;
  IF FOUND THEN
    RETURN lifeline.dead_letter_json(d);
  END IF;
  RETURN (SELECT lifeline.dead_letter_json(y) FROM lifeline.dead_letters y WHERE y.id = p_id);
END
$$;

DROP FUNCTION public.lifeline_dead_letter_list(text, text, text[], timestamptz, timestamptz, timestamptz, text, integer);
-- Up to p_limit dead letters matching the filter, newest first by (failed_at, id), after the keyset
-- position (p_after_failed_at, p_after_id) when given: a JSON array. Redrive leases ended at p_at
-- (default now()) are reopened first.
CREATE FUNCTION public.lifeline_dead_letter_list(p_kind text DEFAULT NULL, p_name text DEFAULT NULL,
    p_statuses text[] DEFAULT NULL, p_from timestamptz DEFAULT NULL, p_to timestamptz DEFAULT NULL,
    p_after_failed_at timestamptz DEFAULT NULL, p_after_id text DEFAULT NULL, p_limit integer DEFAULT 50,
    p_at timestamptz DEFAULT NULL)
    RETURNS json
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
     FROM (SELECT * FROM lifeline.dead_letters d %s ORDER BY d.failed_at DESC, d.id DESC LIMIT $8) d',
    lifeline.dead_letter_where(p_kind, p_name, p_statuses, p_from, p_to, p_after_id IS NOT NULL))
  INTO result
  USING p_kind, p_name, p_statuses, p_from, p_to, p_after_failed_at, p_after_id, p_limit;
  RETURN result;
END
$$;

DROP FUNCTION public.lifeline_dead_letter_count(text, text, text[], timestamptz, timestamptz);
-- How many dead letters match the filter, after reopening redrive leases ended at p_at (default now()).
CREATE FUNCTION public.lifeline_dead_letter_count(p_kind text DEFAULT NULL, p_name text DEFAULT NULL,
    p_statuses text[] DEFAULT NULL, p_from timestamptz DEFAULT NULL, p_to timestamptz DEFAULT NULL,
    p_at timestamptz DEFAULT NULL)
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
    lifeline.dead_letter_where(p_kind, p_name, p_statuses, p_from, p_to, false))
  INTO result
  USING p_kind, p_name, p_statuses, p_from, p_to;
  RETURN result;
END
$$;

DROP FUNCTION public.lifeline_dead_letter_transition(text, text[], text, text, timestamptz, text, text);
-- Compare-and-set status change: one UPDATE … WHERE the status at p_at is in p_from AND the move is
-- allowed. A `retrying` entry whose redrive lease ended by p_at counts as `open`, and its reopening is
-- written in the same UPDATE. `→ retrying` sets the lease to p_lease_until; leaving `retrying` clears it.
-- When it changes nothing, raises LL404 (no such id) or LL409 (DETAIL: the current status).
CREATE FUNCTION public.lifeline_dead_letter_transition(p_id text, p_from text[], p_to text, p_by text,
    p_at timestamptz, p_note text DEFAULT NULL, p_error text DEFAULT NULL,
    p_lease_until timestamptz DEFAULT NULL) RETURNS json
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
    error = CASE WHEN p_to = 'open' AND p_error IS NOT NULL THEN p_error::json ELSE x.error END
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
