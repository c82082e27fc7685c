package com.example.commerce.starter.work;

import java.time.Duration;

/**
 * What a {@link WorkHandler} made of one attempt. A handler that throws is treated as {@link Retry} with the
 * exception as its reason.
 */
public sealed interface WorkResult {

    /** Succeeded: the row becomes DONE with {@code outcome}. */
    record Done(String outcome) implements WorkResult {
    }

    /**
     * Not now (the third party away, a timeout): the row is due again after {@code after}, or after the
     * exponential backoff when null; after its last attempt it becomes FAILED with {@code reason} as outcome.
     */
    record Retry(String reason, Duration after) implements WorkResult {
    }

    /** Never (refused for good): the row becomes FAILED with {@code outcome} at once. */
    record GiveUp(String outcome) implements WorkResult {
    }

    static Done done(String outcome) {
        return new Done(outcome);
    }

    static Retry retry(String reason) {
        return new Retry(reason, null);
    }

    static Retry retryAfter(String reason, Duration after) {
        return new Retry(reason, after);
    }

    static GiveUp giveUp(String outcome) {
        return new GiveUp(outcome);
    }
}
