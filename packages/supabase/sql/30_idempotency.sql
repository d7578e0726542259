-- Idempotency keys: the RPC functions of supabaseIdempotencyStore.

-- Claims an idempotency key: one INSERT … ON CONFLICT DO UPDATE … WHERE <the key is free> decides;
-- when it does not take the key, the key is read to report in_progress, completed or mismatch (and
-- claimed again if it went free in between). Returns {status, …} as Lifeline's ClaimResult.
CREATE FUNCTION public.lifeline_idempotency_claim(p_key text, p_fingerprint text, p_lease_expires_at timestamptz,
    p_now timestamptz) RETURNS json
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  k lifeline.idempotency_keys;
  new_token text;
BEGIN
  PERFORM lifeline.require_access();
  FOR attempt_no IN 1..20 LOOP
    new_token := gen_random_uuid()::text;
    INSERT INTO lifeline.idempotency_keys AS x (key, fingerprint, status, token, lease_expires_at)
    VALUES (p_key, p_fingerprint, 'in_progress', new_token, p_lease_expires_at)
    ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
      token = excluded.token, lease_expires_at = excluded.lease_expires_at, result = NULL,
      completed_at = NULL, expires_at = NULL
    WHERE x.status = 'in_progress' AND x.lease_expires_at <= p_now
       OR x.status = 'completed' AND x.expires_at <= p_now;
    IF FOUND THEN
      RETURN json_build_object('status', 'claimed', 'token', new_token,
        'leaseExpiresAt', lifeline.epoch_ms(p_lease_expires_at));
    END IF;
    SELECT * INTO k FROM lifeline.idempotency_keys x WHERE x.key = p_key;
    CONTINUE WHEN NOT FOUND;
    CONTINUE WHEN k.status = 'in_progress' AND k.lease_expires_at <= p_now
               OR k.status = 'completed' AND k.expires_at <= p_now;
    IF k.fingerprint <> p_fingerprint THEN
      RETURN json_build_object('status', 'mismatch', 'storedFingerprint', k.fingerprint);
    END IF;
    IF k.status = 'completed' THEN
      RETURN json_build_object('status', 'completed', 'result', coalesce(k.result, 'null'::json),
        'completedAt', lifeline.epoch_ms(k.completed_at));
    END IF;
    RETURN json_build_object('status', 'in_progress', 'leaseExpiresAt', lifeline.epoch_ms(k.lease_expires_at));
  END LOOP;
  RAISE EXCEPTION 'Idempotency key "%" changed hands 20 times during one claim; retry the claim', p_key
    USING ERRCODE = 'LL503';
END
$$;

-- Completes a claim: one UPDATE guarded by token and status. True when it applied.
CREATE FUNCTION public.lifeline_idempotency_complete(p_key text, p_token text, p_result text, p_now timestamptz,
    p_expires_at timestamptz DEFAULT NULL) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  UPDATE lifeline.idempotency_keys x SET status = 'completed', result = coalesce(p_result, 'null')::json,
    completed_at = p_now, expires_at = p_expires_at, token = NULL, lease_expires_at = NULL
  WHERE x.key = p_key AND x.token = p_token AND x.status = 'in_progress';
  RETURN FOUND;
END
$$;

-- Releases a claim: one DELETE guarded by token and status. True when it applied.
CREATE FUNCTION public.lifeline_idempotency_release(p_key text, p_token text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  DELETE FROM lifeline.idempotency_keys x WHERE x.key = p_key AND x.token = p_token AND x.status = 'in_progress';
  RETURN FOUND;
END
$$;

-- A key's stored state as Lifeline's IdempotencyRecord, or null.
CREATE FUNCTION public.lifeline_idempotency_get(p_key text) RETURNS json
  LANGUAGE plpgsql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  RETURN (
    SELECT (SELECT json_object_agg(f.k, f.v ORDER BY f.o)
            FROM (VALUES
              (1, 'key', to_json(x.key)),
              (2, 'fingerprint', to_json(x.fingerprint)),
              (3, 'status', to_json(x.status)),
              (4, 'result', CASE WHEN x.status = 'completed' THEN coalesce(x.result, 'null'::json) END),
              (5, 'leaseExpiresAt', to_json(lifeline.epoch_ms(x.lease_expires_at))),
              (6, 'expiresAt', to_json(lifeline.epoch_ms(x.expires_at)))
            ) f(o, k, v)
            WHERE f.v IS NOT NULL)
    FROM lifeline.idempotency_keys x WHERE x.key = p_key);
END
$$;

-- Forgets a key whatever its state. True when there was one.
CREATE FUNCTION public.lifeline_idempotency_forget(p_key text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  DELETE FROM lifeline.idempotency_keys x WHERE x.key = p_key;
  RETURN FOUND;
END
$$;
