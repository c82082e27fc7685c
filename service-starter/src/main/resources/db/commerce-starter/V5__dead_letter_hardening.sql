-- Dead letters whose DLT copy could not be written, and redrives that hold no lock while they wait.
--
-- dlt_failure: null when the record's copy is on <topic>.DLT; otherwise why the broker or the producer
-- refused it for good (a record over max.request.size or the DLT's max.message.bytes, say). The row is
-- then the only copy, and the partition moves on instead of retrying the record forever.
ALTER TABLE dead_letter ADD COLUMN dlt_failure varchar(2000);

-- A redrive claims its rows (REDRIVING, with a token and a time) in one short statement, sends without any
-- transaction open, and marks them REDRIVEN with the same token after the broker's ack, or gives them
-- back (PENDING). A claim older than commerce.dead-letters.claim-timeout is taken as abandoned.
ALTER TABLE dead_letter DROP CONSTRAINT dead_letter_status_check;
ALTER TABLE dead_letter ADD CONSTRAINT dead_letter_status_check
    CHECK (status IN ('PENDING', 'REDRIVING', 'REDRIVEN'));
ALTER TABLE dead_letter ADD COLUMN claim_token uuid;
ALTER TABLE dead_letter ADD COLUMN claimed_at timestamptz;
ALTER TABLE dead_letter ADD CONSTRAINT dead_letter_claim_ck
    CHECK ((status = 'REDRIVING') = (claim_token IS NOT NULL AND claimed_at IS NOT NULL));
