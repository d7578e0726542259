-- Lifeline schema, version 5: trace context travels with the work.
--
-- `trace_context` is the W3C carrier (`{"traceparent": "...", "tracestate": "..."}`) the runtime's
-- instrumentation (e.g. @lifeline/otel) put on the event when it was sent, or null. postgresQueue
-- stores it with the job and hands it back unchanged on every attempt, so the process span of work
-- that ran in another process, or after a restart, continues the trace of the request that sent it.
-- Dead letters keep it in `meta.traceContext` (already json), so a redrive can link to the original.
ALTER TABLE :"schema".jobs ADD COLUMN trace_context json;
