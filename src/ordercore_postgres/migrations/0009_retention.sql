-- ordercore on PostgreSQL, schema version 9: what retention needs (nothing stored grows with
-- history).
--
-- Idempotency records carry the instant they were recorded, so PostgresStore.
-- expire_idempotency_keys can drop those recorded before an instant the host passes. The commit
-- (ordercore_commit, migration 0006) does not pass the command's instant yet, so a new record
-- takes its transaction's start, now(): the database's clock, within a commit of the Engine's.
-- Records written before this migration have none (NULL): they count as older than any
-- instant, and the first expiry drops them.
ALTER TABLE ordercore_idempotency ADD COLUMN recorded_at timestamptz;
ALTER TABLE ordercore_idempotency ALTER COLUMN recorded_at SET DEFAULT now();
CREATE INDEX ordercore_idempotency_by_instant ON ordercore_idempotency (recorded_at);

-- Delivered messages are what PostgresStore.prune_delivered deletes, oldest first.
CREATE INDEX ordercore_outbox_delivered ON ordercore_outbox (xid, n)
    WHERE delivered_at IS NOT NULL;
