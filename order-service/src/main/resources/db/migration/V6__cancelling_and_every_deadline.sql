-- Issue 13: a CONFIRMED order's cancel is a request (CANCELLING until shipping answers), and every non-terminal
-- state's deadline is enforced.

ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('PENDING', 'BACKORDERED', 'CONFIRMED',
    'CANCELLING', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REJECTED'));

-- What the deadline job scans. It covered PENDING and CONFIRMED only, so a BACKORDERED or SHIPPED order's deadline
-- was never acted on. Every non-terminal state has a deadline and a terminal one none: the index (and the job's
-- query) take every order with a deadline, and the aggregate decides per state.
DROP INDEX orders_open_deadline_idx;
CREATE INDEX orders_open_deadline_idx ON orders (deadline_at) WHERE deadline_at IS NOT NULL;
