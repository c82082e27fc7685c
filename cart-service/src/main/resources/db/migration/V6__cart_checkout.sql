-- What each order placed from a cart did to that cart, once per order (OrderPlaced with a cartId on
-- order.events): the ordered units left the cart, and the promotion code the order used stopped being a claim
-- the cart could give back (its redemption stays counted for good). outcome says whether the cart was taken
-- from or why not; promo_code is the redemption made final, if any; cart_status the cart's status after it.
CREATE TABLE cart_checkout (
    order_id     uuid        PRIMARY KEY,
    cart_id      uuid        NOT NULL,
    customer_id  uuid        NOT NULL,
    outcome      varchar(30) NOT NULL CHECK (outcome IN ('CHECKED_OUT', 'UNKNOWN_CART', 'NOT_THE_CUSTOMERS',
                                                         'CART_CLOSED')),
    promo_code   varchar(40),
    cart_status  varchar(20),
    occurred_at  timestamptz NOT NULL
);

CREATE INDEX cart_checkout_cart_idx ON cart_checkout (cart_id);
