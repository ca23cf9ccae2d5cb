-- ordercore on SQLite, schema version 4: outbox positions without AUTOINCREMENT.
--
-- AUTOINCREMENT kept the highest position ever taken in sqlite_sequence, and every commit that
-- wrote a message rewrote that row: one more WAL page per commit (~8% of what the Engine
-- benchmark writes). Positions are now given by the commit itself, inside its write lock (so
-- still in commit order): one above the highest position in the outbox or in
-- ordercore_outbox_floor, whichever is higher. The floor is written only by
-- SqliteStore.prune_delivered, before it deletes: the highest position the outbox held, so a
-- pruned position is never handed out again, as AUTOINCREMENT guaranteed. It starts at what
-- sqlite_sequence held (messages version 1 pruned keep their positions unused).
CREATE TABLE ordercore_outbox_floor (
    one      INTEGER PRIMARY KEY CHECK (one = 1),   -- a single row
    position INTEGER NOT NULL                       -- no new message goes at or below it
);
INSERT INTO ordercore_outbox_floor (one, position)
    SELECT 1, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'ordercore_outbox'), 0);

CREATE TABLE ordercore_outbox_v4 (
    position      INTEGER PRIMARY KEY,       -- taken at commit, above the floor (see above)
    id            TEXT NOT NULL UNIQUE,      -- consumers deduplicate by it
    body          TEXT NOT NULL,             -- the event, as Codec.dumps wrote it
    delivered     INTEGER NOT NULL DEFAULT 0,
    claimed_by    TEXT,                      -- the relay's lease token, NULL when free
    claimed_until REAL                       -- when that lease ends (unix time)
);
INSERT INTO ordercore_outbox_v4 (position, id, body, delivered, claimed_by, claimed_until)
    SELECT position, id, body, delivered, claimed_by, claimed_until FROM ordercore_outbox
    ORDER BY position;
DROP TABLE ordercore_outbox;
ALTER TABLE ordercore_outbox_v4 RENAME TO ordercore_outbox;
CREATE INDEX ordercore_outbox_pending ON ordercore_outbox (position) WHERE delivered = 0;
CREATE INDEX ordercore_outbox_delivered ON ordercore_outbox (position) WHERE delivered = 1;
