-- ordercore on SQLite, schema version 3: aggregate documents move to a rowid table.
--
-- Version 1 kept them in a WITHOUT ROWID table, whose rows live in an index b-tree: there a row
-- of more than ~1,000 bytes (on 4 KiB pages) spills its tail into an overflow page, and most
-- documents are larger (orders ~1.8 KB, shipments and returns ~1 KB, payments ~0.9 KB). Every
-- save of such a row freed its overflow page and took another, writing the overflow page, the
-- free list and the database header to the WAL besides the row's own page. A rowid table keeps
-- up to ~4,000 bytes in the row's page, so a save writes that page; the (collection, key) primary
-- key becomes an index that only an add writes. Engine benchmark, per order: 159.5 -> 132.6 WAL
-- pages. Columns, names and the primary key are what version 1 made; the order index names the
-- key (a WITHOUT ROWID table's index carried it implicitly), so for_order() reads its rows in
-- key order from the index, without sorting them.
CREATE TABLE ordercore_aggregates_v3 (
    collection TEXT NOT NULL,
    key        TEXT NOT NULL,
    version    INTEGER NOT NULL,
    order_id   TEXT,               -- copied from the document for for_order(); NULL if none
    body       TEXT NOT NULL,      -- the aggregate, as Codec.dumps wrote it
    PRIMARY KEY (collection, key)
);
INSERT INTO ordercore_aggregates_v3 (collection, key, version, order_id, body)
    SELECT collection, key, version, order_id, body FROM ordercore_aggregates
    ORDER BY collection, key;
DROP TABLE ordercore_aggregates;
ALTER TABLE ordercore_aggregates_v3 RENAME TO ordercore_aggregates;
CREATE INDEX ordercore_aggregates_by_order
    ON ordercore_aggregates (collection, order_id, key) WHERE order_id IS NOT NULL;
