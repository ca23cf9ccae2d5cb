-- ordercore on PostgreSQL, schema version 6: a commit's writes in one function call.
--
-- Version 3 sent each write of a commit as its own statement, wrapped in a CTE that checked it
-- with ordercore_expect: the server parsed and planned every statement of every commit anew
-- (the client binds them into one script), about half of a commit's server time.
-- ordercore_commit(payload) does the same writes, in the same order and with the same checks,
-- from one jsonb argument, with the plans the server keeps for a function's statements; the
-- documents inside the payload are parsed once, with it, and stored as parsed.
--
-- payload: {"step": first step number,
--           "numbers": [[name, base, value], ...],        base 0: the counter is new
--           "rows": [[kind, collection, key, version, base, order_id, body], ...]
--                   kind "r": a row only read, locked FOR SHARE at version
--                   kind "i": a new row (INSERT ... ON CONFLICT DO NOTHING)
--                   kind "u": a changed row (UPDATE ... WHERE version = base)
--           "keys": [[key, fingerprint, result], ...],
--           "ledger": [[sku, first seq, [movement, ...]], ...],
--           "outbox": [[id, event], ...],
--           "notify": channel or null}
-- Each number, row, key, ledger batch and the outbox (one step) is a step, numbered from
-- "step" in that order; a step that writes (or locks) fewer rows than it must raises
-- 'ordercore_expect: ...' with the step as its DETAIL, as ordercore_expect does, which aborts
-- the transaction before the caller's COMMIT. The caller sorts each section (numbers by name,
-- rows by (collection, key), keys by key, ledger by SKU), so every commit takes its row locks
-- in one fixed order.
CREATE FUNCTION ordercore_commit(payload jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    step integer := coalesce((payload->>'step')::integer, 0);
    item jsonb;
    written bigint;
    wanted bigint;
BEGIN
    FOR item IN SELECT value FROM jsonb_array_elements(payload->'numbers') LOOP
        IF (item->>1)::bigint = 0 THEN
            INSERT INTO ordercore_numbers (name, value) VALUES (item->>0, (item->>2)::bigint)
            ON CONFLICT (name) DO NOTHING;
        ELSE
            UPDATE ordercore_numbers SET value = (item->>2)::bigint
            WHERE name = item->>0 AND value = (item->>1)::bigint;
        END IF;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'ordercore_expect: step % wrote 0 rows, not 1', step
                USING DETAIL = step::text;
        END IF;
        step := step + 1;
    END LOOP;
    FOR item IN SELECT value FROM jsonb_array_elements(payload->'rows') LOOP
        IF item->>0 = 'r' THEN
            PERFORM 1 FROM ordercore_aggregates
            WHERE collection = item->>1 AND key = item->>2 AND version = (item->>3)::bigint
            FOR SHARE;
        ELSIF item->>0 = 'i' THEN
            INSERT INTO ordercore_aggregates (collection, key, version, order_id, body)
            VALUES (item->>1, item->>2, (item->>3)::bigint, item->>5, item->6)
            ON CONFLICT DO NOTHING;
        ELSE
            UPDATE ordercore_aggregates
            SET version = (item->>3)::bigint, order_id = item->>5, body = item->6
            WHERE collection = item->>1 AND key = item->>2 AND version = (item->>4)::bigint;
        END IF;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'ordercore_expect: step % wrote 0 rows, not 1', step
                USING DETAIL = step::text;
        END IF;
        step := step + 1;
    END LOOP;
    FOR item IN SELECT value FROM jsonb_array_elements(payload->'keys') LOOP
        INSERT INTO ordercore_idempotency (key, fingerprint, result)
        VALUES (item->>0, item->>1, item->2)
        ON CONFLICT (key) DO NOTHING;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'ordercore_expect: step % wrote 0 rows, not 1', step
                USING DETAIL = step::text;
        END IF;
        step := step + 1;
    END LOOP;
    FOR item IN SELECT value FROM jsonb_array_elements(payload->'ledger') LOOP
        -- all of a SKU's movements, and only if they follow its last committed row
        INSERT INTO ordercore_ledger (sku, seq, body)
        SELECT item->>0, (item->>1)::bigint + m.n - 1, m.body
        FROM jsonb_array_elements(item->2) WITH ORDINALITY AS m (body, n)
        WHERE (SELECT coalesce(max(seq), 0) FROM ordercore_ledger WHERE sku = item->>0)
              = (item->>1)::bigint - 1
        ON CONFLICT DO NOTHING;
        GET DIAGNOSTICS written = ROW_COUNT;
        wanted := jsonb_array_length(item->2);
        IF written <> wanted THEN
            RAISE EXCEPTION 'ordercore_expect: step % wrote % rows, not %', step, written, wanted
                USING DETAIL = step::text;
        END IF;
        step := step + 1;
    END LOOP;
    wanted := coalesce(jsonb_array_length(payload->'outbox'), 0);
    IF wanted > 0 THEN
        -- under this transaction's id, numbered in staging order (see 0002)
        INSERT INTO ordercore_outbox (xid, n, id, body)
        SELECT pg_current_xact_id(), m.n - 1, m.message->>0, m.message->1
        FROM jsonb_array_elements(payload->'outbox') WITH ORDINALITY AS m (message, n)
        ON CONFLICT (id) DO NOTHING;
        GET DIAGNOSTICS written = ROW_COUNT;
        IF written <> wanted THEN
            RAISE EXCEPTION 'ordercore_expect: step % wrote % rows, not %', step, written, wanted
                USING DETAIL = step::text;
        END IF;
        IF payload->>'notify' IS NOT NULL THEN
            PERFORM pg_notify(payload->>'notify', current_schema());
        END IF;
    END IF;
END
$$;
