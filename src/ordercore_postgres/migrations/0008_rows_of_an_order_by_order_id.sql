-- ordercore on PostgreSQL, schema version 8: the rows of an order are found by order_id alone.
--
-- Reading an order reads the rows of every other collection whose order_id is the order's key
-- (0005, 0007): with the index of version 1 on (collection, order_id) that is one index descent
-- per collection of the family (a dozen), for the three or four rows an order has. An index on
-- order_id alone finds them in one descent (the collection is then a filter on those few rows);
-- it serves the for_order query of one collection as well, so it replaces the old index and
-- each write maintains as many indexes as before.
CREATE INDEX ordercore_aggregates_of_order
    ON ordercore_aggregates (order_id) WHERE order_id IS NOT NULL;
DROP INDEX ordercore_aggregates_by_order;
