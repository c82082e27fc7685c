-- Dead letters whose DLT copy could not be written.
--
-- dlt_failure: null when the record's copy is on <topic>.DLT; otherwise why the broker or the producer
-- refused it for good (a record over max.request.size or the DLT's max.message.bytes, say). The row is
-- then the only copy, and the partition moves on instead of retrying the record forever.
ALTER TABLE dead_letter ADD COLUMN dlt_failure varchar(2000);
