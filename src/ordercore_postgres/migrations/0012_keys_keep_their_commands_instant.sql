-- ordercore on PostgreSQL, schema version 12: an idempotency key keeps the instant its command ran.
--
-- Migration 0009 gave keys a recorded_at that defaulted to the commit's now(), the database's
-- clock, because the commit did not carry the command's instant. ordercore injects time (the
-- Engine's clock), and the other stores keep that instant, so PostgreSQL now does too: a key
-- item of the commit's payload is [key, fingerprint, result, recorded_at], recorded_at in whole
-- microseconds since the Unix epoch (ordercore.ports.retention.epoch_microseconds), or null
-- for a record put without an instant, which then takes now() as before. Everything else in
-- ordercore_commit is 0010's, unchanged: the function is replaced whole because PL/pgSQL has
-- no way to change one statement of a function (migrations are kept as written, never edited).
CREATE OR REPLACE FUNCTION ordercore_commit(payload jsonb, bodies json) RETURNS void
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
        INSERT INTO ordercore_idempotency (key, fingerprint, result, recorded_at)
        VALUES (
            item->>0, item->>1, item->2,
            coalesce(
                timestamptz 'epoch' + (item->>3)::bigint * interval '1 microsecond', now()
            )
        )
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
