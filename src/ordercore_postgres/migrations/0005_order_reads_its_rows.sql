-- ordercore on PostgreSQL, schema version 5: reading an order also reads the rows that belong to
-- it, in the same statement.
--
-- Nearly every command on an order reads the order first and then, one round trip each, its
-- payments, invoices, shipments or returns (by key, or all of them through for_order). Round
-- trips, not the server's work, are what a worker waits on. ordercore_read_order(lock_name,
-- wait_ms, row_collection, row_key, family) does what ordercore_read does (takes the queue lock,
-- then reads the row: always the first row returned, NULL version and body when there is none)
-- and then returns every row of the collections in family whose order_id is row_key, read
-- after the lock is held. The unit of work answers later reads of those rows, and for_order
-- queries of that order, from what this read returned (see ordercore_postgres.unit_of_work).
CREATE FUNCTION ordercore_read_order(
    lock_name text, wait_ms integer, row_collection text, row_key text, family text[]
)
RETURNS TABLE (locked boolean, collection text, key text, version bigint, body text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    held boolean := ordercore_queue(lock_name, wait_ms);
BEGIN
    RETURN QUERY
        SELECT held, row_collection, row_key, a.version, a.body::text
        FROM (SELECT 1) AS one
        LEFT JOIN ordercore_aggregates AS a
            ON a.collection = row_collection AND a.key = row_key;
    RETURN QUERY
        SELECT held, a.collection, a.key, a.version, a.body::text
        FROM ordercore_aggregates AS a
        WHERE a.collection = ANY (family) AND a.order_id = row_key
        ORDER BY a.collection, a.key;
END
$$;
