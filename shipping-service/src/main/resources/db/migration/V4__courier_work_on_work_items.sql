-- Courier work moves onto service-starter's reliable outbound work: a work_item row (kind shipping.courier,
-- key <shipmentId>:<step>:<n>) per step, enqueued in the transaction that decides it and run under the row's
-- fenced lease. work_item is created in this schema by the starter's own migration (db/commerce-starter,
-- history commerce_starter_history), which runs before this one. The shipment keeps only which step is open
-- (one at a time: a cancel waits for the booking's answer) and how many requests of each step it made; its
-- schedule (next_attempt_at), lease (leased_until, lease_owner) and fencing token (lease_token) go.
ALTER TABLE shipment
    ADD COLUMN courier_work     varchar(10) CHECK (courier_work IN ('BOOK', 'CANCEL', 'RELEASE')),
    ADD COLUMN book_requests    integer     NOT NULL DEFAULT 0,
    ADD COLUMN cancel_requests  integer     NOT NULL DEFAULT 0,
    ADD COLUMN release_requests integer     NOT NULL DEFAULT 0;

-- Work still pending before the upgrade (due, or leased: a call in flight when the old version stopped) is the
-- step the old claim would have taken: a cancel of a shipment not yet dispatched, else the booking of a CREATED
-- one, else the release of a FAILED one.
UPDATE shipment SET courier_work = CASE
        WHEN cancel_reason IS NOT NULL AND status IN ('CREATED', 'BOOKED') THEN 'CANCEL'
        WHEN status = 'CREATED' THEN 'BOOK'
        WHEN status = 'FAILED' THEN 'RELEASE' END
WHERE next_attempt_at IS NOT NULL;

-- Every shipment with an address asked for its booking once; the pending cancel or release is that step's first.
UPDATE shipment SET book_requests = 1 WHERE address_json IS NOT NULL;
UPDATE shipment SET cancel_requests = 1 WHERE courier_work = 'CANCEL';
UPDATE shipment SET release_requests = 1 WHERE courier_work = 'RELEASE';

-- One work row per pending step, due at once, so an upgrade loses nothing. max_attempts is the default of
-- commerce.shipping.courier.work-attempts.
INSERT INTO work_item (kind, work_key, payload, status, due_at, max_attempts, created_at, updated_at)
SELECT 'shipping.courier', id || ':' || courier_work || ':1',
       json_build_object('shipmentId', id, 'work', courier_work)::text,
       'DUE', least(next_attempt_at, now()), 1000, now(), now()
FROM shipment
WHERE courier_work IS NOT NULL
ON CONFLICT (kind, work_key) DO NOTHING;

ALTER TABLE shipment
    DROP COLUMN next_attempt_at,
    DROP COLUMN leased_until,
    DROP COLUMN lease_owner,
    DROP COLUMN lease_token;
