-- ordercore on SQLite, schema version 2: what retention needs (nothing stored grows with history).
--
-- Idempotency records carry the instant their command ran (microseconds since the Unix epoch,
-- UTC; the Engine's clock, never the database's), so SqliteStore.expire_idempotency_keys can drop
-- those recorded before an instant the host passes. Records written before this migration have
-- none (NULL): they count as older than any instant, and the first expiry drops them.
ALTER TABLE ordercore_idempotency ADD COLUMN recorded_at INTEGER;
CREATE INDEX ordercore_idempotency_by_instant ON ordercore_idempotency (recorded_at);

-- Delivered messages are what SqliteStore.prune_delivered deletes, oldest first.
CREATE INDEX ordercore_outbox_delivered ON ordercore_outbox (position) WHERE delivered = 1;
