package com.example.commerce.payment.provider;

/**
 * A payment as the provider sees it after an operation.
 *
 * @param reference the provider's id of the payment (its payment intent)
 * @param state     where it stands at the provider
 */
public record ProviderPayment(String reference, State state, String declineReason, long amountMinor, String currency,
                              long capturedMinor, long refundedMinor) {

    public enum State { AUTHORIZED, DECLINED, CAPTURED, VOIDED, PARTIALLY_REFUNDED, REFUNDED, UNKNOWN }
}
