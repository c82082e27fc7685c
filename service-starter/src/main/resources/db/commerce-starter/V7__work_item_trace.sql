-- The W3C trace context of the transaction that enqueued the work: the worker continues that trace, so a call to a
-- third party (and the partner's callbacks, where it sends the context back) belongs to the order it serves.
ALTER TABLE work_item ADD COLUMN traceparent varchar(55);
