-- Throttle state and job cursors: supabaseThrottleStore and supabaseCursorStore.

-- Books the next throttle slot for a key: one INSERT … ON CONFLICT computing the slots from the
-- locked row (lifeline.throttle_next). Returns the ms until the slot starts (0 = now).
CREATE FUNCTION public.lifeline_throttle_reserve(p_key text, p_limit integer, p_period_ms double precision,
    p_now double precision) RETURNS double precision
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  slot double precision;
BEGIN
  PERFORM lifeline.require_access();
  IF p_limit IS NULL OR p_limit < 1 OR p_limit > 100000 THEN
    RAISE EXCEPTION 'p_limit must be 1..100000, got %', p_limit USING ERRCODE = '22023';
  END IF;
  IF p_period_ms IS NULL OR NOT (p_period_ms > 0) OR p_period_ms = 'Infinity' OR p_now IS NULL THEN
    RAISE EXCEPTION 'p_period_ms must be a number > 0 and p_now a time' USING ERRCODE = '22023';
  END IF;
  INSERT INTO lifeline.throttle_state AS t (key, starts, idle_at)
  VALUES (p_key, ARRAY[p_now], p_now + p_period_ms)
  ON CONFLICT (key) DO UPDATE SET
    starts = lifeline.throttle_next(t.starts, t.idle_at, p_limit, p_period_ms, p_now),
    idle_at = (lifeline.throttle_next(t.starts, t.idle_at, p_limit, p_period_ms, p_now))[
      cardinality(lifeline.throttle_next(t.starts, t.idle_at, p_limit, p_period_ms, p_now))] + p_period_ms
  RETURNING t.starts[cardinality(t.starts)] INTO slot;
  RETURN slot - p_now;
END
$$;

-- A cursor's value, or null.
CREATE FUNCTION public.lifeline_cursor_get(p_key text) RETURNS text
  LANGUAGE plpgsql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  RETURN (SELECT c.value FROM lifeline.cursors c WHERE c.key = p_key);
END
$$;

-- Stores a cursor's value (one upsert). Returns true.
CREATE FUNCTION public.lifeline_cursor_set(p_key text, p_value text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  INSERT INTO lifeline.cursors AS c (key, value, updated_at) VALUES (p_key, p_value, now())
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
  RETURN true;
END
$$;

-- Stores p_value only if the cursor holds p_expected (null: holds nothing), in one statement.
-- True when stored.
CREATE FUNCTION public.lifeline_cursor_compare_and_set(p_key text, p_expected text, p_value text)
    RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  IF p_expected IS NULL THEN
    INSERT INTO lifeline.cursors AS c (key, value, updated_at) VALUES (p_key, p_value, now())
    ON CONFLICT (key) DO NOTHING;
  ELSE
    UPDATE lifeline.cursors c SET value = p_value, updated_at = now() WHERE c.key = p_key AND c.value = p_expected;
  END IF;
  RETURN FOUND;
END
$$;

-- Forgets a cursor. True when there was one.
CREATE FUNCTION public.lifeline_cursor_delete(p_key text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  DELETE FROM lifeline.cursors c WHERE c.key = p_key;
  RETURN FOUND;
END
$$;
