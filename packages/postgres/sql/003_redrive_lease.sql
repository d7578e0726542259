-- Crash-safe redrive: a dead letter in `retrying` carries a lease. When it passes without the redrive
-- settling (its process died), the store reopens the entry, so it can be redriven again.
ALTER TABLE :"schema".dead_letters ADD COLUMN redrive_lease_until timestamptz;
-- The sweep of expired leases reads only entries under a lease.
CREATE INDEX dead_letters_redrive_lease ON :"schema".dead_letters (redrive_lease_until)
  WHERE status = 'retrying' AND redrive_lease_until IS NOT NULL;
