-- ordercore on PostgreSQL, schema version 10: aggregate documents are stored as json, not jsonb.
--
-- The server never queries inside an aggregate's document on the hot path: rows are found by
-- (collection, key) and order_id (their own columns), and every read sends the document back as
-- text for Codec.loads. jsonb cost both ways: parsing each written document into its binary
-- form, and printing it back to text on every read (body::text), about 30 us per 1.6 kB
-- document read (measured: 2,000 such documents printed in 60 ms as jsonb, 6 ms as json). A
-- read of an order returns the order and all its rows (0005), some 9 kB a command. json keeps
-- the text as written (validated, not parsed into a tree), so a read hands back the bytes the
-- codec wrote. The one query that looks inside a document (a repository's where() on another
-- attribute than order_id, off the Engine's path) works on json alike (body->>attribute).
-- The outbox, idempotency results and ledger movements stay jsonb.
ALTER TABLE ordercore_aggregates ALTER COLUMN body TYPE json USING body::json;

-- ordercore_commit(payload, bodies): as 0006's ordercore_commit(payload), but the documents of
-- the rows come in bodies, a json array beside the payload (its i-th element belongs to the
-- i-th item of payload's "rows", null for a row only read), so the server validates them as
-- json once and stores each as it came, instead of parsing them into jsonb with the payload.
-- (A json array, not a text[]: the client quotes one string, not each document again as an
-- array element.)
--
-- payload: {"step": first step number,
--           "numbers": [[name, base, value], ...],        base 0: the counter is new
--           "rows": [[kind, collection, key, version, base, order_id], ...]
--                   kind "r": a row only read, locked FOR SHARE at version
--                   kind "i": a new row (INSERT ... ON CONFLICT DO NOTHING)
--                   kind "u": a changed row (UPDATE ... WHERE version = base)
--           "keys": [[key, fingerprint, result], ...],
--           "ledger": [[sku, first seq, [movement, ...]], ...],
--           "outbox": [[id, event], ...],
--           "notify": channel or null}
-- Steps, checks, their order and the errors they raise are those of 0006.
DROP FUNCTION ordercore_commit(jsonb);
CREATE FUNCTION ordercore_commit(payload jsonb, bodies json) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    step integer := coalesce((payload->>'step')::integer, 0);
    item jsonb;
    n bigint;
    documents json[] := ARRAY(
        SELECT d.value FROM json_array_elements(bodies) WITH ORDINALITY AS d ORDER BY d.ordinality
    );
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
    FOR item, n IN
        SELECT r.value, r.ordinality FROM jsonb_array_elements(payload->'rows') WITH ORDINALITY AS r
    LOOP
        IF item->>0 = 'r' THEN
            PERFORM 1 FROM ordercore_aggregates
            WHERE collection = item->>1 AND key = item->>2 AND version = (item->>3)::bigint
            FOR SHARE;
        ELSIF item->>0 = 'i' THEN
            INSERT INTO ordercore_aggregates (collection, key, version, order_id, body)
            VALUES (item->>1, item->>2, (item->>3)::bigint, item->>5, documents[n])
            ON CONFLICT DO NOTHING;
        ELSE
            UPDATE ordercore_aggregates
            SET version = (item->>3)::bigint, order_id = item->>5, body = documents[n]
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
