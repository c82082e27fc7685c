package com.example.commerce.payment.provider;

/** How a call to the provider ended. */
public sealed interface ProviderResult {

    /** The provider performed the operation (or had performed it under the same key). */
    record Done(ProviderPayment payment) implements ProviderResult {
    }

    /** A lookup the provider answered: it has nothing under that idempotency key. */
    record NotFound() implements ProviderResult {
    }

    /** The provider answered and refused for good (a refused transition, an unknown token). */
    record Refused(int status, String code) implements ProviderResult {
    }

    /**
     * Nobody knows yet: the call timed out or failed and the lookup found nothing, or it was never sent (the
     * breaker is open, the bulkhead full). Ask again later with the same idempotency key.
     *
     * @param sent whether any attempt reached the wire
     */
    record Unresolved(boolean sent, String why) implements ProviderResult {
    }
}
