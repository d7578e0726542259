-- Operation log: append, and the health queries over the rollups (supabaseOperationLog).

-- Appends one attempt outcome (the statement trigger keeps the rollups). Returns true.
CREATE FUNCTION public.lifeline_log_append(p_operation text, p_kind text, p_idempotency_key text,
    p_attempt integer, p_outcome text, p_at timestamptz, p_duration_ms double precision,
    p_enqueued_at timestamptz, p_error text DEFAULT NULL) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = ''
AS $$
BEGIN
  PERFORM lifeline.require_access();
  INSERT INTO lifeline.operation_log
    (operation, kind, idempotency_key, attempt, outcome, at, duration_ms, enqueued_at, error)
  VALUES (p_operation, p_kind, p_idempotency_key, p_attempt, p_outcome, p_at, p_duration_ms, p_enqueued_at, p_error);
  RETURN true;
END
$$;

-- Log groups of [p_from, p_to): every whole UTC hour from the hour rollup (p_hour), the other whole
-- minutes from the minute rollup (p_minute), only the sub-minute edges from raw rows; the parts cover
-- the window exactly once. k is floor(epoch ms / p_bucket_ms), or 0 without buckets.
CREATE FUNCTION lifeline.log_groups(p_from timestamptz, p_to timestamptz, p_bucket_ms double precision,
    p_minute boolean, p_hour boolean)
    RETURNS TABLE (k double precision, kind text, outcome text, retried boolean, n double precision,
      tts_sum double precision)
  LANGUAGE sql STABLE
  SET search_path = ''
AS $$
  WITH m AS (
    SELECT CASE WHEN date_trunc('minute', p_from, 'UTC') = p_from THEN p_from
                ELSE date_trunc('minute', p_from, 'UTC') + interval '1 minute' END AS m1,
           date_trunc('minute', p_to, 'UTC') AS m2
  ), h AS (
    SELECT m.m1, m.m2, p_minute AND m.m1 < m.m2 AS use_minute,
           CASE WHEN date_trunc('hour', m.m1, 'UTC') = m.m1 THEN m.m1
                ELSE date_trunc('hour', m.m1, 'UTC') + interval '1 hour' END AS h1,
           date_trunc('hour', m.m2, 'UTC') AS h2
    FROM m
  ), s AS (
    SELECT h.*, h.use_minute AND p_hour AND h.h1 < h.h2 AS use_hour FROM h
  ), r AS (
    SELECT p_from AS raw1a, CASE WHEN s.use_minute THEN s.m1 ELSE p_to END AS raw1b,
           CASE WHEN s.use_minute THEN s.m2 END AS raw2a, p_to AS raw2b,
           CASE WHEN s.use_minute THEN s.m1 END AS min1a,
           CASE WHEN s.use_hour THEN s.h1 ELSE s.m2 END AS min1b,
           CASE WHEN s.use_hour THEN s.h2 END AS min2a, s.m2 AS min2b,
           CASE WHEN s.use_hour THEN s.h1 END AS hour_a, s.h2 AS hour_b
    FROM s
  )
  SELECT x.k, x.kind, x.outcome, x.retried, sum(x.n)::double precision, sum(x.tts)::double precision
  FROM r, LATERAL (
    SELECT CASE WHEN p_bucket_ms IS NULL THEN 0
                ELSE floor((extract(epoch FROM l.at) * 1000)::double precision / p_bucket_ms) END AS k,
           l.kind, l.outcome, l.attempt > 1 AS retried, 1::bigint AS n,
           CASE WHEN l.outcome = 'succeeded'
                THEN ((extract(epoch FROM l.at) - extract(epoch FROM l.enqueued_at)) * 1000)::double precision
                ELSE 0 END AS tts
    FROM lifeline.operation_log l
    WHERE (l.at >= r.raw1a AND l.at < r.raw1b) OR (l.at >= r.raw2a AND l.at < r.raw2b)
    UNION ALL
    SELECT CASE WHEN p_bucket_ms IS NULL THEN 0
                ELSE floor((extract(epoch FROM u.bucket) * 1000)::double precision / p_bucket_ms) END,
           u.kind, u.outcome, u.retried, u.n, u.tts_sum_ms
    FROM lifeline.operation_log_rollup u
    WHERE u.grain = 'minute'
      AND ((u.bucket >= r.min1a AND u.bucket < r.min1b) OR (u.bucket >= r.min2a AND u.bucket < r.min2b))
    UNION ALL
    SELECT CASE WHEN p_bucket_ms IS NULL THEN 0
                ELSE floor((extract(epoch FROM u.bucket) * 1000)::double precision / p_bucket_ms) END,
           u.kind, u.outcome, u.retried, u.n, u.tts_sum_ms
    FROM lifeline.operation_log_rollup u
    WHERE u.grain = 'hour' AND u.bucket >= r.hour_a AND u.bucket < r.hour_b
  ) x
  GROUP BY x.k, x.kind, x.outcome, x.retried
$$;

-- The exact nearest-rank p95 time to success of a kind in [p_from, p_to), through the index of successes.
CREATE FUNCTION lifeline.log_p95_exact(p_kind text, p_from timestamptz, p_to timestamptz)
    RETURNS double precision
  LANGUAGE sql STABLE
  SET search_path = ''
AS $$
  SELECT percentile_disc(0.95) WITHIN GROUP (
    ORDER BY ((extract(epoch FROM l.at) - extract(epoch FROM l.enqueued_at)) * 1000)::double precision)
  FROM lifeline.operation_log l
  WHERE l.outcome = 'succeeded' AND l.kind = p_kind AND l.at >= p_from AND l.at < p_to
$$;

-- The p95 time to success of a kind in [p_from, p_to) estimated from the hourly log-scale buckets: an
-- hour the window covers in part counts with the share it covers; the answer is the geometric midpoint
-- of the first bucket whose cumulative count reaches 95% (within about 5%).
CREATE FUNCTION lifeline.log_p95_estimate(p_kind text, p_from timestamptz, p_to timestamptz)
    RETURNS double precision
  LANGUAGE sql STABLE
  SET search_path = ''
AS $$
  WITH w AS (
    SELECT lifeline.epoch_ms(p_from) AS f, lifeline.epoch_ms(p_to) AS t,
           CASE WHEN date_trunc('hour', p_from, 'UTC') = p_from THEN p_from
                ELSE date_trunc('hour', p_from, 'UTC') + interval '1 hour' END AS whole_from,
           date_trunc('hour', p_to, 'UTC') AS whole_to
  ), b AS (
    SELECT x.tts_bucket,
           sum(x.n * CASE WHEN x.bucket >= w.whole_from AND x.bucket < w.whole_to THEN 1
                          ELSE greatest(0, least(lifeline.epoch_ms(x.bucket) + 3600000, w.t)
                                           - greatest(lifeline.epoch_ms(x.bucket), w.f)) / 3600000 END) AS n
    FROM lifeline.operation_log_tts x, w
    WHERE x.kind = p_kind AND x.bucket >= date_trunc('hour', p_from, 'UTC') AND x.bucket < p_to
    GROUP BY x.tts_bucket
  ), c AS (
    SELECT b.tts_bucket, sum(b.n) OVER (ORDER BY b.tts_bucket) AS seen, sum(b.n) OVER () AS total FROM b
  )
  SELECT CASE WHEN c.tts_bucket = 0 THEN 1 ELSE power(1.1::double precision, c.tts_bucket - 0.5) END
  FROM c
  WHERE c.total > 0 AND c.seen >= 0.95 * c.total - 1e-9
  ORDER BY c.tts_bucket
  LIMIT 1
$$;

-- Health numbers per kind over [p_from, p_to), as Lifeline's OperationLogSummary: counts and the mean
-- time to success are exact; the p95 is exact up to p_exact_percentile_limit successes of a kind and
-- estimated from hourly buckets above it.
CREATE FUNCTION public.lifeline_log_summarize(p_from timestamptz, p_to timestamptz,
    p_exact_percentile_limit integer DEFAULT 10000) RETURNS json
  LANGUAGE plpgsql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  result json;
BEGIN
  PERFORM lifeline.require_access();
  IF p_from IS NULL OR p_to IS NULL OR p_from > p_to THEN
    RAISE EXCEPTION 'Invalid operation log window [%, %): from must not be after to', p_from, p_to
      USING ERRCODE = '22023';
  END IF;
  WITH g AS (
    SELECT * FROM lifeline.log_groups(p_from, p_to, NULL, true, true)
  ), s AS (
    SELECT kinds.kind, kinds.o,
      coalesce(sum(g.n) FILTER (WHERE g.outcome IN ('succeeded', 'dead_lettered')), 0) AS finished,
      coalesce(sum(g.n) FILTER (WHERE g.outcome = 'succeeded'), 0) AS succeeded,
      coalesce(sum(g.n) FILTER (WHERE g.outcome = 'dead_lettered'), 0) AS dead_lettered,
      coalesce(sum(g.n) FILTER (WHERE g.outcome IN ('succeeded', 'dead_lettered') AND g.retried), 0) AS retried,
      coalesce(sum(g.n) FILTER (WHERE g.outcome = 'succeeded' AND g.retried), 0) AS retried_succeeded,
      coalesce(sum(g.n) FILTER (WHERE g.outcome = 'duplicate'), 0) AS duplicates,
      coalesce(sum(g.tts_sum) FILTER (WHERE g.outcome = 'succeeded'), 0) AS tts_sum
    FROM unnest(ARRAY['email', 'webhook', 'job']) WITH ORDINALITY AS kinds(kind, o)
    LEFT JOIN g ON g.kind = kinds.kind
    GROUP BY kinds.kind, kinds.o
  )
  SELECT json_object_agg(s.kind, json_build_object(
      'finished', s.finished,
      'succeeded', s.succeeded,
      'deadLettered', s.dead_lettered,
      'retried', s.retried,
      'retriedSucceeded', s.retried_succeeded,
      'duplicates', s.duplicates,
      'avgTimeToSuccessMs', CASE WHEN s.succeeded > 0 THEN s.tts_sum / s.succeeded END,
      'p95TimeToSuccessMs', CASE
        WHEN s.succeeded = 0 THEN NULL
        WHEN s.succeeded <= p_exact_percentile_limit THEN lifeline.log_p95_exact(s.kind, p_from, p_to)
        ELSE lifeline.log_p95_estimate(s.kind, p_from, p_to) END
    ) ORDER BY s.o)
  INTO result
  FROM s;
  RETURN result;
END
$$;

-- Final outcomes per p_bucket_ms bucket aligned to the epoch, oldest first, empty buckets included
-- (at most 10,000), as Lifeline's OutcomeBucket[].
CREATE FUNCTION public.lifeline_log_histogram(p_from timestamptz, p_to timestamptz, p_bucket_ms double precision)
    RETURNS json
  LANGUAGE plpgsql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
DECLARE
  f double precision;
  t double precision;
  base double precision;
  first double precision;
  buckets double precision;
  result json;
BEGIN
  PERFORM lifeline.require_access();
  IF p_from IS NULL OR p_to IS NULL OR p_from > p_to THEN
    RAISE EXCEPTION 'Invalid operation log window [%, %): from must not be after to', p_from, p_to
      USING ERRCODE = '22023';
  END IF;
  IF p_bucket_ms IS NULL OR NOT (p_bucket_ms > 0) OR p_bucket_ms = 'Infinity' THEN
    RAISE EXCEPTION 'p_bucket_ms must be a number > 0, got %', p_bucket_ms USING ERRCODE = '22023';
  END IF;
  IF p_from >= p_to THEN
    RETURN '[]'::json;
  END IF;
  f := lifeline.epoch_ms(p_from);
  t := lifeline.epoch_ms(p_to);
  base := floor(f / p_bucket_ms);
  first := base * p_bucket_ms;
  buckets := ceil((t - first) / p_bucket_ms);
  IF buckets > 10000 THEN
    RAISE EXCEPTION 'p_bucket_ms % gives % buckets over this window; at most 10000 are allowed', p_bucket_ms, buckets
      USING ERRCODE = '22023';
  END IF;
  SELECT json_agg(json_build_object('start', first + b.i * p_bucket_ms, 'succeeded', b.succeeded,
      'deadLettered', b.dead_lettered, 'retrying', b.retrying) ORDER BY b.i)
  INTO result
  FROM (
    SELECT i.i,
      coalesce(sum(g.n) FILTER (WHERE g.outcome = 'succeeded'), 0) AS succeeded,
      coalesce(sum(g.n) FILTER (WHERE g.outcome = 'dead_lettered'), 0) AS dead_lettered,
      coalesce(sum(g.n) FILTER (WHERE g.outcome = 'retrying'), 0) AS retrying
    FROM generate_series(0, buckets::integer - 1) AS i(i)
    LEFT JOIN lifeline.log_groups(p_from, p_to, p_bucket_ms, mod(p_bucket_ms::numeric, 60000) = 0,
      mod(p_bucket_ms::numeric, 3600000) = 0) g ON g.k - base = i.i
    GROUP BY i.i
  ) b;
  RETURN result;
END
$$;
