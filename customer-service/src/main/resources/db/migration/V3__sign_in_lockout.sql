-- Repeated failed sign-ins lock an account for a while: the failures since the last success or lock,
-- and until when it is locked.
ALTER TABLE customer ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0;
ALTER TABLE customer ADD COLUMN locked_until timestamptz;
