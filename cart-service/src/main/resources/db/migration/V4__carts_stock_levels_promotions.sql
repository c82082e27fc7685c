-- Carts as customers fill them. A cart takes the currency of its first line; updated_at is its last
-- activity (an idle cart expires, CartAbandoned); promo_code is the one code a cart may carry.
ALTER TABLE cart ALTER COLUMN currency DROP NOT NULL;
ALTER TABLE cart ADD COLUMN promo_code varchar(40);
CREATE INDEX cart_open_idle_idx ON cart (updated_at) WHERE status = 'OPEN';

-- A line keeps what the customer last saw of it: the unit price (seen_price_amount, in the cart's
-- currency) and the availability. The price charged is always the catalogue price of the read model; a
-- difference from what was seen shows on the line until the customer acknowledges it.
ALTER TABLE cart_line RENAME COLUMN unit_price_amount TO seen_price_amount;
ALTER TABLE cart_line ADD COLUMN seen_availability varchar(20);
ALTER TABLE cart_line ADD COLUMN added_at timestamptz NOT NULL DEFAULT now();

-- The cart's read model of stock levels, fed by StockLevelChanged (inventory.events). version is the
-- stock row's version from inventory-service: an older level delivered late never overwrites a newer one.
CREATE TABLE stock_level (
    sku           varchar(64) PRIMARY KEY,
    available     integer     NOT NULL CHECK (available >= 0),
    availability  varchar(20) NOT NULL CHECK (availability IN ('IN_STOCK', 'LOW', 'OUT_OF_STOCK')),
    version       bigint,
    changed_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- Promotions, managed by operators. A code is stored upper-case and is unique. redemptions counts the
-- carts holding the code (claimed when applied, given back when removed or the cart expires), never
-- above redemption_limit.
CREATE TABLE promotion (
    id                    uuid         PRIMARY KEY,
    code                  varchar(40)  NOT NULL UNIQUE,
    description           varchar(500),
    kind                  varchar(20)  NOT NULL CHECK (kind IN ('PERCENTAGE', 'FIXED_AMOUNT')),
    percent_off           integer      CHECK (percent_off BETWEEN 1 AND 100),
    amount_off            bigint       CHECK (amount_off > 0),
    currency              char(3),
    minimum_order_amount  bigint       CHECK (minimum_order_amount >= 0),
    valid_from            timestamptz  NOT NULL,
    valid_until           timestamptz,
    sku                   varchar(64),
    category              varchar(200),
    redemption_limit      integer      CHECK (redemption_limit > 0),
    redemptions           integer      NOT NULL DEFAULT 0 CHECK (redemptions >= 0),
    created_at            timestamptz  NOT NULL,
    updated_at            timestamptz  NOT NULL,
    version               bigint       NOT NULL DEFAULT 0,
    CHECK ((kind = 'PERCENTAGE' AND percent_off IS NOT NULL AND amount_off IS NULL)
        OR (kind = 'FIXED_AMOUNT' AND amount_off IS NOT NULL AND percent_off IS NULL)),
    CHECK (amount_off IS NULL AND minimum_order_amount IS NULL OR currency IS NOT NULL),
    CHECK (valid_until IS NULL OR valid_until > valid_from),
    CHECK (sku IS NULL OR category IS NULL),
    CHECK (redemption_limit IS NULL OR redemptions <= redemption_limit)
);
