-- ordercore on PostgreSQL, schema version 11: reading several rows of one collection in one
-- round trip, each under its queue lock.
--
-- A command that needs the stock of several SKUs (allocating an order, opening a shipment)
-- reads them one at a time, in key order, one round trip each. ordercore_read_many(lock_names,
-- wait_ms, row_collection, row_keys) does the same reads in one statement: for each key in the
-- order given (the caller sorts them), it takes the key's queue lock with ordercore_queue
-- (waiting at most wait_ms), then reads the row, after the lock is held, as ordercore_read does
-- (0004). When a wait runs out, it takes no further locks and reads the remaining rows without
-- them, as a unit of work does after such a wait. It returns one row per key, in order:
-- whether its lock is held, the key, and the row's version and document (NULL when there is
-- none).
CREATE FUNCTION ordercore_read_many(
    lock_names text[], wait_ms integer, row_collection text, row_keys text[]
)
RETURNS TABLE (locked boolean, key text, version bigint, body text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    held boolean := true;
BEGIN
    FOR i IN 1 .. coalesce(array_length(row_keys, 1), 0) LOOP
        IF held THEN
            held := ordercore_queue(lock_names[i], wait_ms);
        END IF;
        RETURN QUERY
            SELECT held, row_keys[i], a.version, a.body::text
            FROM (SELECT 1) AS one
            LEFT JOIN ordercore_aggregates AS a
                ON a.collection = row_collection AND a.key = row_keys[i];
    END LOOP;
END
$$;
