-- ordercore on PostgreSQL, schema version 2: the outbox is ordered by the id of the transaction
-- that wrote each message, not by positions handed out through one shared head row.
--
-- Version 1 took every commit's positions from the one row of ordercore_outbox_head, so every
-- commit that wrote an event (nearly all of them) queued on that row from its UPDATE to its
-- COMMIT, whatever rows it touched: workers on disjoint SKUs still took turns.
--
-- Now each message carries pg_current_xact_id() (xid8: 64 bits, never wraps) and its index n
-- within its transaction; a reader orders by (xid, n) and takes only messages whose xid is below
-- the xmin of its own snapshot, pg_snapshot_xmin(pg_current_snapshot()): every transaction
-- below that xmin has ended, so no message can ever commit behind what a reader has already
-- seen. A transaction that is still open holds back the messages of every later xid (not of
-- earlier ones) until it ends; ordercore transactions take an xid only in their commit, so
-- that is the span of one commit. Messages written before this migration keep their order and
-- come first (xid 1, n = their old position).
DROP TABLE ordercore_outbox_head;

ALTER TABLE ordercore_outbox ADD COLUMN xid xid8;
ALTER TABLE ordercore_outbox ADD COLUMN n bigint;
UPDATE ordercore_outbox SET xid = '1'::xid8, n = position;
ALTER TABLE ordercore_outbox DROP CONSTRAINT ordercore_outbox_pkey;
DROP INDEX IF EXISTS ordercore_outbox_pending;
ALTER TABLE ordercore_outbox DROP COLUMN position;
ALTER TABLE ordercore_outbox ALTER COLUMN xid SET NOT NULL;
ALTER TABLE ordercore_outbox ALTER COLUMN n SET NOT NULL;
ALTER TABLE ordercore_outbox ADD CONSTRAINT ordercore_outbox_n_in_range
    CHECK (n >= 0 AND n < 4294967296);
ALTER TABLE ordercore_outbox ADD PRIMARY KEY (xid, n);
CREATE INDEX ordercore_outbox_pending ON ordercore_outbox (xid, n) WHERE delivered_at IS NULL;
