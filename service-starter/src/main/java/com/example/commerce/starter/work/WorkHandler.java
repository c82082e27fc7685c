package com.example.commerce.starter.work;

/**
 * Runs the work of one kind: a bean of the service, found by the starter's {@link WorkWorkers}. Runs outside
 * any database transaction, on a virtual thread of its own, at most {@code commerce.work.workers} at once per
 * instance (all kinds together). It may run again for the same row (a worker crashed or stalled past its
 * lease), so what it calls is asked with an idempotency key derived from {@link Work#key()}; what it records
 * in its own tables it records in a transaction that first checks {@link WorkLeases#renew} or that is
 * idempotent by itself. Its result is recorded only while its lease still holds.
 */
public interface WorkHandler {

    /** The kind of work it runs, e.g. {@code payment.capture}; unique in the service. */
    String kind();

    /** Runs one attempt; throwing is the same as {@link WorkResult#retry(String)}. */
    WorkResult handle(Work work);
}
