-- A capture or refund the provider refused for good (or that stayed unresolved past its bound) is a state of
-- its own, waiting for an operator: CAPTURE_FAILED, REFUND_FAILED.
ALTER TABLE payment DROP CONSTRAINT payment_status_check;
ALTER TABLE payment ADD CONSTRAINT payment_status_check CHECK (status IN ('AUTHORIZING', 'AUTHORIZED', 'DECLINED',
    'CAPTURED', 'VOIDED', 'REFUNDED', 'CANCELLED', 'CAPTURE_FAILED', 'REFUND_FAILED'));

-- An operator may retry a failed capture or refund (a new attempt, with a key of its own:
-- <orderId>:<step>:<attempt>) or settle it by hand (a SETTLED row that never reached the provider, with who
-- and why). So a payment may now hold several operations of one kind, one per attempt.
ALTER TABLE payment_operation ADD COLUMN attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1);
ALTER TABLE payment_operation ADD COLUMN actor varchar(100);
ALTER TABLE payment_operation ADD COLUMN note varchar(500);
ALTER TABLE payment_operation DROP CONSTRAINT payment_operation_payment_id_kind_key;
ALTER TABLE payment_operation ADD CONSTRAINT payment_operation_payment_id_kind_attempt_key UNIQUE (payment_id, kind, attempt);
ALTER TABLE payment_operation DROP CONSTRAINT payment_operation_status_check;
ALTER TABLE payment_operation ADD CONSTRAINT payment_operation_status_check
    CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'UNKNOWN', 'SETTLED'));

-- The operators' view of open operations by status, oldest first.
CREATE INDEX payment_operation_status_idx ON payment_operation (status, created_at);

-- What became of each callback: APPLIED (or nothing to settle), or refused, e.g. AMOUNT_MISMATCH (the audit row).
ALTER TABLE provider_webhook ADD COLUMN outcome varchar(30) NOT NULL DEFAULT 'APPLIED';
ALTER TABLE provider_webhook ADD COLUMN idempotency_key varchar(100);
ALTER TABLE provider_webhook ADD COLUMN detail varchar(300);
