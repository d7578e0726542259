-- Lifeline schema, version 6: postgresQueue counts how often a job's worker died running it.
--
-- `crashes` is incremented when a job is claimed while it is still marked claimed: its last worker's
-- lease ran out without a result (the process was killed, crashed, or lost the database for longer than
-- the lease). After `maxCrashes` (an option of postgresQueue, default 5) the job is dead-lettered
-- instead of run again, so work that kills its worker every time cannot take workers down forever.
ALTER TABLE :"schema".jobs ADD COLUMN crashes integer NOT NULL DEFAULT 0;
