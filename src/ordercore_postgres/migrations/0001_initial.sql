-- ordercore on PostgreSQL, schema version 1: aggregates as versioned jsonb documents, the outbox
-- with a commit-ordered position, idempotency keys, gapless number counters and the stock ledger.
CREATE TABLE ordercore_aggregates (
    collection text NOT NULL,
    key        text NOT NULL,
    version    bigint NOT NULL,
    order_id   text,              -- copied from the document for for_order(); NULL if none
    body       jsonb NOT NULL,    -- the aggregate (read back as body::text: Codec.loads)
    PRIMARY KEY (collection, key)
);
CREATE INDEX ordercore_aggregates_by_order
    ON ordercore_aggregates (collection, order_id) WHERE order_id IS NOT NULL;

-- The outbox position is NOT a bigserial (taken at INSERT, so a transaction that commits late
-- could publish a smaller position than one a relay already read past). Each commit takes its
-- positions from the one row of ordercore_outbox_head with UPDATE ... RETURNING as its last
-- statement: the row lock is held until COMMIT, so positions are handed out in commit order.
CREATE TABLE ordercore_outbox_head (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    position bigint NOT NULL
);
INSERT INTO ordercore_outbox_head (only_row, position) VALUES (true, 0);

CREATE TABLE ordercore_outbox (
    position     bigint PRIMARY KEY,
    id           text NOT NULL UNIQUE,      -- consumers deduplicate by it
    body         jsonb NOT NULL,            -- the event
    delivered_at timestamptz                -- NULL until a relay's send returned
);
CREATE INDEX ordercore_outbox_pending ON ordercore_outbox (position) WHERE delivered_at IS NULL;

CREATE TABLE ordercore_idempotency (
    key         text PRIMARY KEY,
    fingerprint text NOT NULL,
    result      jsonb NOT NULL
);

CREATE TABLE ordercore_numbers (
    name  text PRIMARY KEY,
    value bigint NOT NULL        -- the last number handed out
);

CREATE TABLE ordercore_ledger (
    sku  text NOT NULL,
    seq  bigint NOT NULL,        -- contiguous per SKU, from 1
    body jsonb NOT NULL,         -- one stock movement
    PRIMARY KEY (sku, seq)
);
