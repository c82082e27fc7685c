-- Rows the relay can never send (too large for the broker, a topic that does not exist, a payload the
-- serializer refuses) are parked instead of blocking the relay: later rows of the same aggregate wait
-- behind a parked row, every other key keeps flowing, and an operator retries or discards it.
ALTER TABLE outbox_event
    ADD COLUMN parked_at    timestamptz,               -- set when the relay parked the row
    ADD COLUMN park_reason  varchar(1000),             -- why it cannot be sent
    ADD COLUMN discarded_at timestamptz,               -- an operator gave it up (kept until the retention)
    ADD COLUMN discarded_by varchar(200),
    ADD COLUMN sent_by      varchar(200);              -- the relay instance that had it acknowledged

DROP INDEX outbox_event_unsent_idx;
-- What the relay reads: unsent and not parked, in id order.
CREATE INDEX outbox_event_pending_idx ON outbox_event (id) WHERE sent_at IS NULL AND parked_at IS NULL;
-- What holds later rows of one aggregate back (and what operations list): parked and not discarded.
CREATE INDEX outbox_event_parked_idx ON outbox_event (topic, aggregate_id, id)
    WHERE parked_at IS NOT NULL AND discarded_at IS NULL AND sent_at IS NULL;
CREATE INDEX outbox_event_discarded_idx ON outbox_event (discarded_at) WHERE discarded_at IS NOT NULL;
