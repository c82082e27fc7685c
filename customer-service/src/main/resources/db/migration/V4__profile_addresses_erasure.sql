-- Preferences on the account, one default shipping address per customer, and erasure.
ALTER TABLE customer ADD COLUMN marketing_consent boolean     NOT NULL DEFAULT false;
ALTER TABLE customer ADD COLUMN language          varchar(8)  NOT NULL DEFAULT 'en';
ALTER TABLE customer ADD COLUMN currency          char(3)     NOT NULL DEFAULT 'EUR';
ALTER TABLE customer ADD COLUMN erased_at         timestamptz;

ALTER TABLE address ADD COLUMN default_shipping boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX address_one_default_idx ON address (customer_id) WHERE default_shipping;
