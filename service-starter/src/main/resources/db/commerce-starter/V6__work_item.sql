-- Reliable outbound work (a call to a third party, an e-mail to relay): enqueued in the business
-- transaction, claimed by a worker under a fenced lease, run outside any transaction, its outcome recorded.
-- Owned by service-starter (com.example.commerce.starter.work), versioned in its own history table.
CREATE TABLE work_item (
    id            bigserial     PRIMARY KEY,
    kind          varchar(100)  NOT NULL,              -- which handler runs it, e.g. shipping.courier-booking
    work_key      varchar(200)  NOT NULL,              -- the business key; enqueueing it again changes nothing
    payload       text          NOT NULL,              -- JSON the handler reads
    status        varchar(10)   NOT NULL CHECK (status IN ('DUE', 'LEASED', 'DONE', 'FAILED')),
    due_at        timestamptz   NOT NULL,              -- when a worker may take it next (LEASED: when its lease ends)
    lease_until   timestamptz,                         -- LEASED: the holder's lease
    fence         bigint        NOT NULL DEFAULT 0,    -- the fencing token: +1 on every claim
    attempts      integer       NOT NULL DEFAULT 0,    -- claims so far (each claim is one attempt)
    max_attempts  integer       NOT NULL CHECK (max_attempts >= 1),
    last_error    varchar(2000),                       -- why the last attempt did not succeed
    outcome       varchar(2000),                       -- DONE or FAILED: what the handler reported
    created_at    timestamptz   NOT NULL,
    updated_at    timestamptz   NOT NULL,
    finished_at   timestamptz,                         -- DONE or FAILED
    CONSTRAINT work_item_key_uq UNIQUE (kind, work_key)
);

-- What the workers claim: open rows by the time they may be taken.
CREATE INDEX work_item_open_idx ON work_item (due_at) WHERE status IN ('DUE', 'LEASED');
-- What the cleanup deletes: done rows past their retention.
CREATE INDEX work_item_done_idx ON work_item (finished_at) WHERE status = 'DONE';
