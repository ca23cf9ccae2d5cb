-- ordercore on PostgreSQL, schema version 7: reading a row that belongs to an order reads the
-- order and all its rows instead, in the same round trip.
--
-- Commands on a shipment (pick, pack, ship, deliver) read the shipment, then its order (with
-- its rows, 0005): two round trips, the first only to learn the order's id.
-- ordercore_read_owned(lock_name, wait_ms, row_collection, row_key, family) looks up the row's
-- order_id first (no lock: a row's order never changes); when it has one and row_collection
-- is in family, it returns what ordercore_read_order returns for that order, under the
-- order's queue lock '/aggregate/orders/' || order_id (the row is among the order's rows);
-- otherwise what ordercore_read returns for the row, under lock_name, as
-- (locked, row_collection, row_key, version, body).
CREATE FUNCTION ordercore_read_owned(
    lock_name text, wait_ms integer, row_collection text, row_key text, family text[]
)
RETURNS TABLE (locked boolean, collection text, key text, version bigint, body text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    owner text;
BEGIN
    IF row_collection = ANY (family) THEN
        SELECT a.order_id INTO owner FROM ordercore_aggregates AS a
        WHERE a.collection = row_collection AND a.key = row_key;
    END IF;
    IF owner IS NULL THEN
        RETURN QUERY
            SELECT r.locked, row_collection, row_key, r.version, r.body
            FROM ordercore_read(lock_name, wait_ms, row_collection, row_key) AS r;
    ELSE
        RETURN QUERY
            SELECT o.locked, o.collection, o.key, o.version, o.body
            FROM ordercore_read_order('/aggregate/orders/' || owner, wait_ms, 'orders', owner, family)
                AS o;
    END IF;
END
$$;
