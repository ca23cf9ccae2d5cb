-- ordercore on SQLite, schema version 1: aggregates as versioned JSON documents, the outbox in
-- commit order, idempotency keys, gapless number counters and the stock ledger stream.
CREATE TABLE ordercore_aggregates (
    collection TEXT NOT NULL,
    key        TEXT NOT NULL,
    version    INTEGER NOT NULL,
    order_id   TEXT,               -- copied from the document for for_order(); NULL if none
    body       TEXT NOT NULL,      -- the aggregate, as Codec.dumps wrote it
    PRIMARY KEY (collection, key)
) WITHOUT ROWID;
CREATE INDEX ordercore_aggregates_by_order
    ON ordercore_aggregates (collection, order_id) WHERE order_id IS NOT NULL;

-- Writers hold SQLite's one write lock (BEGIN IMMEDIATE) from their first write to COMMIT, so
-- AUTOINCREMENT positions are taken in commit order: a reader that has seen position N never
-- meets a later commit with a smaller position.
CREATE TABLE ordercore_outbox (
    position      INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,      -- consumers deduplicate by it
    body          TEXT NOT NULL,             -- the event, as Codec.dumps wrote it
    delivered     INTEGER NOT NULL DEFAULT 0,
    claimed_by    TEXT,                      -- the relay's lease token, NULL when free
    claimed_until REAL                       -- when that lease ends (unix time)
);
CREATE INDEX ordercore_outbox_pending ON ordercore_outbox (position) WHERE delivered = 0;

CREATE TABLE ordercore_idempotency (
    key         TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    result      TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE ordercore_numbers (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL       -- the last number handed out
) WITHOUT ROWID;

CREATE TABLE ordercore_ledger (
    sku  TEXT NOT NULL,
    seq  INTEGER NOT NULL,       -- contiguous per SKU, from 1
    body TEXT NOT NULL,          -- one stock movement, as Codec.dumps wrote it
    PRIMARY KEY (sku, seq)
) WITHOUT ROWID;
