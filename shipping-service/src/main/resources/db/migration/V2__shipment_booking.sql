-- What a shipment needs to be booked (and cancelled) at the courier outside the event's transaction, and the
-- memory that makes the saga's events safe in any order and twice.
ALTER TABLE shipment
    ADD COLUMN customer_id      uuid,
    ADD COLUMN address_json     text,
    ADD COLUMN parcels_json     text         NOT NULL DEFAULT '[]',
    ADD COLUMN booking_key      varchar(120),
    ADD COLUMN booking_id       varchar(100),
    ADD COLUMN booking_attempts integer      NOT NULL DEFAULT 0,
    -- Courier work is due at this time (a booking, or a cancellation when cancel_reason is set); null: none.
    ADD COLUMN next_attempt_at  timestamptz,
    ADD COLUMN cancel_reason    varchar(60),
    -- When the courier was last asked where a booked or dispatched shipment is (in case callbacks were lost).
    ADD COLUMN tracked_at       timestamptz,
    ADD COLUMN failure_reason   varchar(200),
    ADD CONSTRAINT shipment_booking_key_unique UNIQUE (booking_key);

CREATE INDEX shipment_courier_work_idx ON shipment (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

-- An order cancelled before it was confirmed: a later OrderConfirmed books nothing.
CREATE TABLE cancelled_order (
    order_id                 uuid PRIMARY KEY,
    reason                   varchar(60) NOT NULL,
    cancelled_at             timestamptz NOT NULL,
    confirmation_ignored_at  timestamptz
);

-- Courier callbacks taken, by the courier's event id: a repeated callback changes nothing.
CREATE TABLE courier_callback (
    event_id     varchar(100) PRIMARY KEY,
    shipment_id  uuid,
    status       varchar(20)  NOT NULL,
    received_at  timestamptz  NOT NULL
);

-- History is read in the order it was written: lines of one change share a time, and ids order only by the ms.
ALTER TABLE tracking_event
    ADD COLUMN applied boolean NOT NULL DEFAULT true,
    ADD COLUMN seq     bigint  GENERATED ALWAYS AS IDENTITY;
