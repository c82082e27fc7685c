-- The order's read model of catalogue prices, fed by catalog.events (ProductCreated, PriceChanged,
-- ProductDiscontinued). price_changed_at is the occurredAt of the price shown, so an older PriceChanged
-- delivered late never overwrites a newer price.
CREATE TABLE catalog_price (
    sku               varchar(64)  PRIMARY KEY,
    product_id        uuid         NOT NULL,
    name              varchar(200) NOT NULL,
    price_amount      bigint       NOT NULL,
    currency          char(3)      NOT NULL,
    discontinued      boolean      NOT NULL DEFAULT false,
    price_changed_at  timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL
);
