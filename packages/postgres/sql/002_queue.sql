-- Lifeline schema, version 2: the durable queue of postgresQueue().
--
-- One row per delivery of an operation's work, from enqueue until its final result (then deleted).
-- `run_at` is when the row may next be claimed: the send time (or `at` of a delayed send), the
-- end of a retry's backoff, or, while a worker holds it, the end of that worker's lease (extended
-- by heartbeats). So "due" is one index range scan, and a crashed worker's job comes due again by
-- itself when its lease runs out. `lease` counts claims: a worker finishes a job only if the row
-- still carries the lease number it claimed (a fencing token).

CREATE TABLE :"schema".jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  queue text COLLATE "C" NOT NULL,
  event_id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('email', 'webhook', 'job')),
  data json,
  idempotency_key text COLLATE "C" NOT NULL,
  enqueued_at timestamptz NOT NULL,
  redrive_of text,
  redrive_by text,
  first_run_at timestamptz,
  run_at timestamptz NOT NULL,
  attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  lease integer NOT NULL DEFAULT 0,
  claimed boolean NOT NULL DEFAULT false,
  cancelled boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX jobs_event ON :"schema".jobs (queue, event_id);
CREATE INDEX jobs_due ON :"schema".jobs (queue, run_at);
CREATE INDEX jobs_key ON :"schema".jobs (queue, idempotency_key);
