-- Stock as the order saga needs it: on_hand is what the warehouse holds, reserved what orders hold of it,
-- and available (on_hand - reserved, computed by PostgreSQL) what can still be sold or reserved. A
-- reservation (next: per order, atomically) moves units from available to reserved under the row lock
-- and the version; nothing may ever make available negative (I1).
ALTER TABLE stock_item RENAME COLUMN available TO on_hand;
UPDATE stock_item SET on_hand = on_hand + reserved;
ALTER TABLE stock_item ADD CONSTRAINT stock_item_reserved_within_on_hand CHECK (reserved <= on_hand);
ALTER TABLE stock_item ADD COLUMN available integer GENERATED ALWAYS AS (on_hand - reserved) STORED;

-- Every change an operator makes to on-hand stock, append-only: who (the token subject), why, by how much,
-- and the on-hand count it left. The current count stays in stock_item; this is its history.
CREATE TABLE stock_movement (
    id             uuid         PRIMARY KEY,
    sku            varchar(64)  NOT NULL REFERENCES stock_item (sku),
    kind           varchar(20)  NOT NULL CHECK (kind IN ('SET', 'ADJUST')),
    delta          integer      NOT NULL,
    on_hand_after  integer      NOT NULL CHECK (on_hand_after >= 0),
    reason         varchar(500) NOT NULL,
    actor          varchar(200) NOT NULL,
    occurred_at    timestamptz  NOT NULL
);

CREATE INDEX stock_movement_sku_idx ON stock_movement (sku, occurred_at);

-- Append-only means append-only, whatever a future change of the code does: PostgreSQL refuses to change
-- or remove a movement (the service's role owns the table, so a REVOKE would not bind it).
CREATE FUNCTION stock_movement_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stock_movement is append-only: % refused', TG_OP;
END
$$;

CREATE TRIGGER stock_movement_append_only
    BEFORE UPDATE OR DELETE ON stock_movement
    FOR EACH ROW EXECUTE FUNCTION stock_movement_is_append_only();
