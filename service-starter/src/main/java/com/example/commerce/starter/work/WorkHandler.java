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

    /**
     * Told that a row's attempts ran out without a result: the holder of its last attempt vanished (crashed,
     * stalled past its lease, or its recording transaction failed), so {@link #handle} will never run for it
     * again. Called by the workers once that lease ran out, under a fresh fenced lease ({@code work.lease()},
     * the fence incremented, the attempt not counted; {@code work.attempt() == work.maxAttempts()}), outside any
     * transaction, so the service can record the give-up in its own tables, as its own bound on retries does,
     * in a transaction that first checks {@link WorkLeases#holds}. The row then ends FAILED with the returned
     * outcome (null: the starter's, the last attempt's error or that its lease ran out); the vanished holder's
     * late result is refused as any stale one. It may run again for the same row (the worker running it dies
     * too; it throws: the row is taken again after the fresh lease), so it must be idempotent.
     *
     * <p>The default records nothing of the service's and returns null, as the starter did before it had the hook.
     *
     * @return the FAILED row's outcome, or null for the starter's
     */
    default String abandoned(Work work) {
        return null;
    }
}
