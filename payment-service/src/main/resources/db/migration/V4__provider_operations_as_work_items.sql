-- Provider operations move onto the starter's reliable outbound work (work_item, created in this schema by the
-- starter's own migration, which runs before this service's): each recorded operation is one work row of kind
-- 'payment.operation' keyed by the operation's id, and the operation's own lease, due time and attempt count
-- (the hand-rolled claim of the recovery sweep) go away.
ALTER TABLE payment_operation DROP COLUMN leased_until;
ALTER TABLE payment_operation DROP COLUMN due_at;      -- and with it payment_operation_open_idx
ALTER TABLE payment_operation DROP COLUMN attempts;

-- Every operation still open is enqueued once, due at once, so an upgrade loses nothing: the workers ask it
-- again with its own idempotency key. It gets the default bound (commerce.payment.recovery.max-attempts 20,
-- plus the last lookup: 21 attempts); the age bound (max-age from its created_at) applies as before.
INSERT INTO work_item (kind, work_key, payload, status, due_at, max_attempts, created_at, updated_at)
SELECT 'payment.operation', o.id::text, '{"operationId":"' || o.id::text || '"}', 'DUE', now(), 21, now(), now()
FROM payment_operation o WHERE o.status IN ('PENDING', 'UNKNOWN')
ON CONFLICT (kind, work_key) DO NOTHING;
