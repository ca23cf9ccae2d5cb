-- ordercore on PostgreSQL, schema version 3: reads that queue behind other units of work.
--
-- ordercore_queue(lock_name, wait_ms) takes the transaction-scoped advisory lock named
-- lock_name (hashed with the caller's schema, so stores in several schemas never share one),
-- waiting at most wait_ms milliseconds. It returns false instead of failing when the wait runs
-- out or the server finds a deadlock: the unit of work then reads without the lock (its commit
-- checks versions anyway), and its transaction, with the locks it already holds, goes on. The
-- caller's lock_timeout is restored either way. An advisory lock takes no transaction id, so a
-- queued reader never holds back the outbox (see 0002).
CREATE FUNCTION ordercore_queue(lock_name text, wait_ms integer) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    before text := current_setting('lock_timeout');
BEGIN
    BEGIN
        PERFORM set_config('lock_timeout', wait_ms::text, true);
        PERFORM pg_advisory_xact_lock(hashtextextended(current_schema() || lock_name, 0));
        PERFORM set_config('lock_timeout', before, true);
        RETURN true;
    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
        RETURN false;  -- the block's settings are rolled back with it
    END;
END
$$;
