package com.example.commerce.starter.work;

/**
 * One claimed row, as its {@link WorkHandler} sees it.
 *
 * @param id          the row
 * @param kind        which handler runs it
 * @param key         the business key it was enqueued under (also the natural idempotency key of a call)
 * @param payload     the JSON it was enqueued with
 * @param attempt     which attempt this is, 1 for the first
 * @param maxAttempts the attempt after which a retry becomes FAILED
 * @param lease       the claim's fencing token
 * @param traceparent the W3C trace context the work was enqueued in (null: none), which the worker continues
 */
public record Work(long id, String kind, String key, String payload, int attempt, int maxAttempts, Lease lease,
                   String traceparent) {

    /** Work enqueued outside any trace. */
    public Work(long id, String kind, String key, String payload, int attempt, int maxAttempts, Lease lease) {
        this(id, kind, key, payload, attempt, maxAttempts, lease, null);
    }

    /** Whether a retry after this attempt would be refused (it ends the row as FAILED instead). */
    public boolean lastAttempt() {
        return attempt >= maxAttempts;
    }
}
