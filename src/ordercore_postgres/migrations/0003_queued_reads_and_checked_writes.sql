-- ordercore on PostgreSQL, schema version 3: reads that queue behind other units of work, and
-- writes that check themselves, so that a whole commit is one round trip.
--
-- ordercore_queue(lock_name, wait_ms) takes the transaction-scoped advisory lock named
-- lock_name (hashed with the caller's schema, so stores in several schemas never share one),
-- at once when it is free, else waiting at most wait_ms milliseconds. It returns false instead
-- of failing when the wait runs out or the server finds a deadlock: the unit of work then reads
-- without the lock (its commit checks versions anyway), and its transaction, with the locks it
-- already holds, goes on. The caller's lock_timeout is restored either way. An advisory lock
-- takes no transaction id, so a queued reader never holds back the outbox (see 0002).
CREATE FUNCTION ordercore_queue(lock_name text, wait_ms integer) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    lock_key bigint := hashtextextended(current_schema() || lock_name, 0);
    before text;
BEGIN
    IF pg_try_advisory_xact_lock(lock_key) THEN
        RETURN true;
    END IF;
    before := current_setting('lock_timeout');
    BEGIN
        PERFORM set_config('lock_timeout', wait_ms::text, true);
        PERFORM pg_advisory_xact_lock(lock_key);
        PERFORM set_config('lock_timeout', before, true);
        RETURN true;
    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
        RETURN false;  -- the block's settings are rolled back with it
    END;
END
$$;

-- ordercore_expect(written, wanted, step) raises unless a write of a commit touched the rows it
-- had to (an UPDATE ... WHERE version = read found its row, an INSERT ... ON CONFLICT DO
-- NOTHING inserted): the error aborts the transaction before its COMMIT, and its detail names
-- the step, so the unit of work can say which row a rival took.
CREATE FUNCTION ordercore_expect(written bigint, wanted bigint, step integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF written <> wanted THEN
        RAISE EXCEPTION 'ordercore_expect: step % wrote % rows, not %', step, written, wanted
            USING DETAIL = step::text;
    END IF;
END
$$;
