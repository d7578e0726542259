-- Durable alerts, incidents and bulk jobs (issue 14): the RPC functions of supabaseAlertStore,
-- supabaseIncidentStore and supabaseBulkJobStore, each one atomic statement like the @lifeline/postgres stores.

-- An alert as the JSON object of Lifeline's AlertRecord; SQL NULLs are left out.
CREATE FUNCTION lifeline.alert_json(a lifeline.alerts) RETURNS json
  LANGUAGE sql STABLE
  SET search_path = ''
AS $$
  SELECT json_object_agg(f.k, f.v ORDER BY f.o)
  FROM (VALUES
    (1, 'id', to_json(a.id)), (2, 'at', to_json(lifeline.epoch_ms(a.at))), (3, 'severity', to_json(a.severity)),
    (4, 'title', to_json(a.title)), (5, 'message', to_json(a.message)), (6, 'fields', a.fields),
    (7, 'dedupeKey', to_json(a.dedupe_key)), (8, 'url', to_json(a.url)), (9, 'delivered', to_json(a.delivered)),
    (10, 'error', to_json(a.error))
  ) f(o, k, v)
  WHERE f.v IS NOT NULL
$$;

CREATE FUNCTION public.lifeline_alert_append(p_id text, p_at timestamptz, p_severity text, p_title text,
    p_message text, p_delivered boolean, p_fields text DEFAULT NULL, p_dedupe_key text DEFAULT NULL,
    p_url text DEFAULT NULL, p_error text DEFAULT NULL) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  a lifeline.alerts;
BEGIN
  PERFORM lifeline.require_access();
  INSERT INTO lifeline.alerts (id, at, severity, title, message, fields, dedupe_key, url, delivered, error)
  VALUES (p_id, p_at, p_severity, p_title, p_message, p_fields::json, p_dedupe_key, p_url, p_delivered, p_error)
  RETURNING * INTO a;
  RETURN lifeline.alert_json(a);
END
$$;

-- Alerts with p_from <= at < p_to and a severity in p_severities (each optional), newest first by (at, id),
-- after the keyset position when given: a JSON array of at most p_limit.
CREATE FUNCTION public.lifeline_alert_list(p_from timestamptz DEFAULT NULL, p_to timestamptz DEFAULT NULL,
    p_severities text[] DEFAULT NULL, p_after_at timestamptz DEFAULT NULL, p_after_id text DEFAULT NULL,
    p_limit integer DEFAULT 50) RETURNS json
  LANGUAGE plpgsql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  IF p_limit IS NULL OR p_limit < 1 OR p_limit > 1000 THEN
    RAISE EXCEPTION 'p_limit must be 1..1000, got %', p_limit USING ERRCODE = '22023';
  END IF;
  RETURN (
    SELECT coalesce(json_agg(lifeline.alert_json(a) ORDER BY a.at DESC, a.id DESC), '[]'::json)
    FROM (SELECT * FROM lifeline.alerts x
          WHERE (p_from IS NULL OR x.at >= p_from) AND (p_to IS NULL OR x.at < p_to)
            AND (p_severities IS NULL OR x.severity = ANY(p_severities))
            AND (p_after_id IS NULL OR (x.at, x.id) < (p_after_at, p_after_id))
          ORDER BY x.at DESC, x.id DESC LIMIT p_limit) a
  );
END
$$;

CREATE FUNCTION public.lifeline_alert_count(p_from timestamptz DEFAULT NULL, p_to timestamptz DEFAULT NULL,
    p_severities text[] DEFAULT NULL) RETURNS bigint
  LANGUAGE plpgsql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  RETURN (SELECT count(*) FROM lifeline.alerts x
          WHERE (p_from IS NULL OR x.at >= p_from) AND (p_to IS NULL OR x.at < p_to)
            AND (p_severities IS NULL OR x.severity = ANY(p_severities)));
END
$$;

-- An incident's state as the JSON object of Lifeline's IncidentState.
CREATE FUNCTION lifeline.incident_json(i lifeline.incidents) RETURNS json
  LANGUAGE sql STABLE
  SET search_path = ''
AS $$
  SELECT json_object_agg(f.k, f.v ORDER BY f.o)
  FROM (VALUES
    (1, 'errorFingerprint', to_json(i.error_fingerprint)), (2, 'status', to_json(i.status)),
    (3, 'mutedUntil', to_json(lifeline.epoch_ms(i.muted_until))), (4, 'updatedBy', to_json(i.updated_by)),
    (5, 'updatedAt', to_json(lifeline.epoch_ms(i.updated_at))), (6, 'resolvedAt', to_json(lifeline.epoch_ms(i.resolved_at))),
    (7, 'note', to_json(i.note)), (8, 'history', i.history::json)
  ) f(o, k, v)
  WHERE f.v IS NOT NULL
$$;

CREATE FUNCTION public.lifeline_incident_get_many(p_fingerprints text[]) RETURNS json
  LANGUAGE plpgsql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  RETURN (SELECT coalesce(json_agg(lifeline.incident_json(i)), '[]'::json)
          FROM lifeline.incidents i WHERE i.error_fingerprint = ANY(p_fingerprints));
END
$$;

-- One change of an incident (created on first use): p_status NULL keeps the status, p_muted_until NULL keeps
-- the mute unless p_unmute. One INSERT … ON CONFLICT DO UPDATE, so concurrent changes all land in history.
CREATE FUNCTION public.lifeline_incident_update(p_fingerprint text, p_by text, p_at timestamptz,
    p_status text DEFAULT NULL, p_muted_until timestamptz DEFAULT NULL, p_unmute boolean DEFAULT false,
    p_note text DEFAULT NULL) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  i lifeline.incidents;
BEGIN
  PERFORM lifeline.require_access();
  INSERT INTO lifeline.incidents AS t (error_fingerprint, status, muted_until, updated_by, updated_at, resolved_at, note, history)
  VALUES (p_fingerprint, coalesce(p_status, 'open'), CASE WHEN p_unmute THEN NULL ELSE p_muted_until END, p_by, p_at,
    CASE WHEN p_status = 'resolved' THEN p_at END, p_note,
    jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('status', coalesce(p_status, 'open'), 'by', p_by,
      'at', lifeline.epoch_ms(p_at), 'note', p_note,
      'mutedUntil', lifeline.epoch_ms(CASE WHEN p_unmute THEN NULL ELSE p_muted_until END)))))
  ON CONFLICT (error_fingerprint) DO UPDATE SET
    status = coalesce(p_status, t.status),
    muted_until = CASE WHEN p_unmute THEN NULL ELSE coalesce(p_muted_until, t.muted_until) END,
    resolved_at = CASE WHEN p_status = 'resolved' THEN p_at ELSE t.resolved_at END,
    note = coalesce(p_note, t.note),
    updated_by = p_by, updated_at = p_at,
    history = t.history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
      'status', coalesce(p_status, t.status), 'by', p_by, 'at', lifeline.epoch_ms(p_at), 'note', p_note,
      'mutedUntil', lifeline.epoch_ms(CASE WHEN p_unmute THEN NULL ELSE coalesce(p_muted_until, t.muted_until) END))))
  RETURNING * INTO i;
  RETURN lifeline.incident_json(i);
END
$$;

-- A bulk job as the JSON object of Lifeline's BulkJob.
CREATE FUNCTION lifeline.bulk_job_json(j lifeline.bulk_jobs) RETURNS json
  LANGUAGE sql STABLE
  SET search_path = ''
AS $$
  SELECT json_object_agg(f.k, f.v ORDER BY f.o)
  FROM (VALUES
    (1, 'id', to_json(j.id)), (2, 'action', to_json(j.action)), (3, 'filter', j.filter), (4, 'ids', j.ids::json),
    (5, 'by', to_json(j.by_whom)), (6, 'note', to_json(j.note)), (7, 'createdAt', to_json(lifeline.epoch_ms(j.created_at))),
    (8, 'canary', to_json(j.canary)), (9, 'maxNewFailures', to_json(j.max_new_failures)), (10, 'paceMs', to_json(j.pace_ms)),
    (11, 'status', to_json(j.status)), (12, 'total', to_json(j.total)), (13, 'processed', to_json(j.processed)),
    (14, 'counts', j.counts::json), (15, 'updatedAt', to_json(lifeline.epoch_ms(j.updated_at))),
    (16, 'finishedAt', to_json(lifeline.epoch_ms(j.finished_at))), (17, 'stopReason', to_json(j.stop_reason)),
    (18, 'abortRequestedBy', to_json(j.abort_requested_by)),
    (19, 'abortRequestedAt', to_json(lifeline.epoch_ms(j.abort_requested_at))),
    (20, 'leaseOwner', to_json(j.lease_owner)), (21, 'leaseUntil', to_json(lifeline.epoch_ms(j.lease_until)))
  ) f(o, k, v)
  WHERE f.v IS NOT NULL
$$;

CREATE FUNCTION public.lifeline_bulk_job_create(p_id text, p_action text, p_ids text, p_by text, p_created_at timestamptz,
    p_canary integer, p_max_new_failures integer, p_pace_ms double precision, p_filter text DEFAULT NULL,
    p_note text DEFAULT NULL) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  j lifeline.bulk_jobs;
BEGIN
  PERFORM lifeline.require_access();
  INSERT INTO lifeline.bulk_jobs (id, action, filter, ids, by_whom, note, created_at, canary, max_new_failures, pace_ms,
    total, updated_at)
  VALUES (p_id, p_action, p_filter::json, p_ids::jsonb, p_by, p_note, p_created_at, p_canary, p_max_new_failures,
    p_pace_ms, jsonb_array_length(p_ids::jsonb), p_created_at)
  RETURNING * INTO j;
  RETURN lifeline.bulk_job_json(j);
END
$$;

CREATE FUNCTION public.lifeline_bulk_job_get(p_id text) RETURNS json
  LANGUAGE plpgsql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  RETURN (SELECT lifeline.bulk_job_json(j) FROM lifeline.bulk_jobs j WHERE j.id = p_id);
END
$$;

CREATE FUNCTION public.lifeline_bulk_job_list(p_statuses text[] DEFAULT NULL, p_after_created_at timestamptz DEFAULT NULL,
    p_after_id text DEFAULT NULL, p_limit integer DEFAULT 50) RETURNS json
  LANGUAGE plpgsql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  IF p_limit IS NULL OR p_limit < 1 OR p_limit > 1000 THEN
    RAISE EXCEPTION 'p_limit must be 1..1000, got %', p_limit USING ERRCODE = '22023';
  END IF;
  RETURN (
    SELECT coalesce(json_agg(lifeline.bulk_job_json(j) ORDER BY j.created_at DESC, j.id DESC), '[]'::json)
    FROM (SELECT * FROM lifeline.bulk_jobs x
          WHERE (p_statuses IS NULL OR x.status = ANY(p_statuses))
            AND (p_after_id IS NULL OR (x.created_at, x.id) < (p_after_created_at, p_after_id))
          ORDER BY x.created_at DESC, x.id DESC LIMIT p_limit) j
  );
END
$$;

-- Compare-and-set lease: null when the job is not running or another owner holds an unexpired lease.
CREATE FUNCTION public.lifeline_bulk_job_claim(p_id text, p_owner text, p_until timestamptz, p_now timestamptz) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  j lifeline.bulk_jobs;
BEGIN
  PERFORM lifeline.require_access();
  UPDATE lifeline.bulk_jobs x SET lease_owner = p_owner, lease_until = p_until
  WHERE x.id = p_id AND x.status = 'running'
    AND (x.lease_until IS NULL OR x.lease_until <= p_now OR x.lease_owner = p_owner)
  RETURNING * INTO j;
  RETURN CASE WHEN FOUND THEN lifeline.bulk_job_json(j) END;
END
$$;

-- Records item p_index for the lease holder when it is the next one: null otherwise (nothing written).
CREATE FUNCTION public.lifeline_bulk_job_record_item(p_id text, p_owner text, p_index integer, p_dead_letter_id text,
    p_outcome text, p_at timestamptz, p_error text DEFAULT NULL) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  j lifeline.bulk_jobs;
BEGIN
  PERFORM lifeline.require_access();
  UPDATE lifeline.bulk_jobs x SET processed = x.processed + 1, updated_at = p_at,
    counts = jsonb_set(x.counts, ARRAY[p_outcome], to_jsonb((x.counts->>p_outcome)::integer + 1))
  WHERE x.id = p_id AND x.status = 'running' AND x.lease_owner = p_owner AND x.processed = p_index
  RETURNING * INTO j;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  INSERT INTO lifeline.bulk_job_items (job_id, item_index, dead_letter_id, outcome, error, at)
  VALUES (p_id, p_index, p_dead_letter_id, p_outcome, p_error, p_at);
  RETURN lifeline.bulk_job_json(j);
END
$$;

CREATE FUNCTION public.lifeline_bulk_job_finish(p_id text, p_owner text, p_status text, p_at timestamptz,
    p_stop_reason text DEFAULT NULL) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  j lifeline.bulk_jobs;
BEGIN
  PERFORM lifeline.require_access();
  UPDATE lifeline.bulk_jobs x SET status = p_status, finished_at = p_at, updated_at = p_at,
    stop_reason = coalesce(p_stop_reason, x.stop_reason), lease_owner = NULL, lease_until = NULL
  WHERE x.id = p_id AND x.status = 'running' AND x.lease_owner = p_owner
  RETURNING * INTO j;
  RETURN CASE WHEN FOUND THEN lifeline.bulk_job_json(j) END;
END
$$;

CREATE FUNCTION public.lifeline_bulk_job_request_abort(p_id text, p_by text, p_at timestamptz) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  UPDATE lifeline.bulk_jobs x SET abort_requested_by = p_by, abort_requested_at = p_at, updated_at = p_at
  WHERE x.id = p_id AND x.status = 'running' AND x.abort_requested_at IS NULL;
  RETURN (SELECT lifeline.bulk_job_json(j) FROM lifeline.bulk_jobs j WHERE j.id = p_id);
END
$$;

CREATE FUNCTION public.lifeline_bulk_job_items(p_id text, p_from_index integer DEFAULT 0, p_limit integer DEFAULT 100)
    RETURNS json
  LANGUAGE plpgsql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  IF p_limit IS NULL OR p_limit < 1 OR p_limit > 1001 THEN
    RAISE EXCEPTION 'p_limit must be 1..1001, got %', p_limit USING ERRCODE = '22023';
  END IF;
  RETURN (
    SELECT coalesce(json_agg(json_object_agg_strict ORDER BY i.item_index), '[]'::json)
    FROM (SELECT x.item_index, (SELECT json_object_agg(f.k, f.v) FROM (VALUES ('jobId', to_json(x.job_id)),
            ('index', to_json(x.item_index)), ('deadLetterId', to_json(x.dead_letter_id)), ('outcome', to_json(x.outcome)),
            ('error', to_json(x.error)), ('at', to_json(lifeline.epoch_ms(x.at)))) f(k, v) WHERE f.v IS NOT NULL)
            AS json_object_agg_strict
          FROM lifeline.bulk_job_items x WHERE x.job_id = p_id AND x.item_index >= p_from_index
          ORDER BY x.item_index LIMIT p_limit) i
  );
END
$$;
