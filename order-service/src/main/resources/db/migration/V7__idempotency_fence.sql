-- The Idempotency-Key's lease is fenced. Every claim of a key (a first request, or a takeover after the
-- holder's lease ran out) takes a new fence from one sequence, and the holder's completion and release
-- name it (WHERE ... AND fence = ?): a request that stalled past its lease, and whose key another request
-- took over, can neither delete nor complete the new holder's row. One sequence rather than a counter per
-- row, because a released or expired row is deleted: a new row of the same key must never get a fence a
-- stale holder still carries.
CREATE SEQUENCE order_idempotency_fence_seq;

ALTER TABLE order_idempotency
    ADD COLUMN fence bigint NOT NULL DEFAULT nextval('order_idempotency_fence_seq');
