-- Card testing (issue 18): every save that asks the provider leaves a row here, so that saves and declines can be
-- counted per customer across instances and restarts. No card data: who, when and what became of it.
-- outcome: NULL while the provider is being asked, SAVED, DECLINED (the provider refused the card) or
-- REFUSED (tokenised, but the cap was reached meanwhile). A save the provider could not answer is deleted.
CREATE TABLE payment_method_attempt (
    id            bigserial PRIMARY KEY,
    customer_id   uuid        NOT NULL,
    attempted_at  timestamptz NOT NULL,
    outcome       varchar(10) CHECK (outcome IN ('SAVED', 'DECLINED', 'REFUSED'))
);

CREATE INDEX payment_method_attempt_customer_idx ON payment_method_attempt (customer_id, attempted_at DESC);
