-- The courier work's schedule and its lease were one column (next_attempt_at): a claim pushed the due time out
-- by the lease, so work that became due while a call was in flight (a cancel during a booking) was claimed
-- beside it and the courier was called twice. Now next_attempt_at is only when work is due; a claim takes a
-- row that is due and not leased, leases it (leased_until, lease_owner) and bumps the fencing token; an answer
-- is recorded only while the token it was claimed with is still the row's.
ALTER TABLE shipment
    ADD COLUMN leased_until  timestamptz,
    ADD COLUMN lease_owner   varchar(100),
    ADD COLUMN lease_token   bigint      NOT NULL DEFAULT 0,
    -- When the courier picked the parcel up: the transit bound counts from here.
    ADD COLUMN dispatched_at timestamptz;

UPDATE shipment s SET dispatched_at = (SELECT min(t.occurred_at) FROM tracking_event t
                                       WHERE t.shipment_id = s.id AND t.status = 'DISPATCHED' AND t.applied)
WHERE s.status = 'DISPATCHED';
