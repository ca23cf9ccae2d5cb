-- ordercore on PostgreSQL, schema version 4: a queued read of an aggregate row in one prepared
-- statement.
--
-- Version 3 sent each queued read as two statements bound on the client (the lock, then the
-- read), parsed and planned again every time. ordercore_read(lock_name, wait_ms, collection,
-- key) does both in one statement the driver prepares once per connection: it takes the lock
-- with ordercore_queue (waiting at most wait_ms), then reads the row. The function is VOLATILE, so under READ COMMITTED its read takes a new snapshot
-- after the lock is held and sees what the previous holder committed. It always returns one
-- row: whether the lock is held, and the row's version and document (NULL when there is none).
CREATE FUNCTION ordercore_read(lock_name text, wait_ms integer, row_collection text, row_key text)
RETURNS TABLE (locked boolean, version bigint, body text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    held boolean := ordercore_queue(lock_name, wait_ms);
BEGIN
    RETURN QUERY
        SELECT held, a.version, a.body::text
        FROM (SELECT 1) AS one
        LEFT JOIN ordercore_aggregates AS a
            ON a.collection = row_collection AND a.key = row_key;
END
$$;
