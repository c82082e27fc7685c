package com.example.commerce.payment.provider;

import com.example.commerce.events.shared.Money;

/**
 * The payment provider, in our words. Every money-moving call carries an idempotency key derived from the
 * order and the step ({@code <orderId>:authorize} ...): asking again with the same key asks the same
 * question, so a retry or a redelivery never moves money twice.
 *
 * <p>The answers never throw for the provider's failures: an ambiguous call that could not be resolved is a
 * {@link ProviderResult.Unresolved}, to be asked again later with the same key.
 */
public interface PaymentProvider {

    /** Tokenises a card; the only call that ever carries a card number or CVC. */
    CardToken tokenise(CardDetails card);

    /** {@link #authorise(String, String, Money, String, String, SendGuard)} that is always wanted. */
    default ProviderResult authorise(String idempotencyKey, String token, Money amount, String reference,
                                     String callbackUrl) {
        return authorise(idempotencyKey, token, amount, reference, callbackUrl, () -> true);
    }

    /**
     * Authorises {@code amount}; {@code guard} is asked right before each request goes out (the first and every
     * resend after an ambiguous attempt), and once it says no, nothing more is sent: the answer is then
     * {@link ProviderResult.Unresolved}, saying whether an earlier attempt went out.
     */
    ProviderResult authorise(String idempotencyKey, String token, Money amount, String reference, String callbackUrl,
                             SendGuard guard);

    /** Whether a money-moving request is still wanted at the moment it would be sent (its order not cancelled meanwhile). */
    @FunctionalInterface
    interface SendGuard {
        boolean mayBeSent();
    }

    ProviderResult capture(String idempotencyKey, String providerReference, Money amount);

    ProviderResult voidAuthorisation(String idempotencyKey, String providerReference);

    ProviderResult refund(String idempotencyKey, String providerReference, Money amount);

    /**
     * What the provider did under {@code idempotencyKey}: {@link ProviderResult.Done}, {@link ProviderResult.NotFound}
     * when it answered that it has nothing, {@link ProviderResult.Unresolved} when it could not be asked.
     */
    ProviderResult lookup(String idempotencyKey);
}
