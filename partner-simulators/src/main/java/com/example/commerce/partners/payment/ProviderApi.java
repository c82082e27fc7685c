package com.example.commerce.partners.payment;

import java.time.Instant;

/** The JSON the simulated provider speaks: its words, not ours. */
final class ProviderApi {

    private ProviderApi() {
    }

    record CardRequest(String cardNumber, Integer expiryMonth, Integer expiryYear, String cvc, String holderName) {

        /** Never the card number or the CVC: a request may be printed in a failure message. */
        @Override
        public String toString() {
            return "CardRequest[redacted]";
        }
    }

    record TokenResponse(String token, String brand, String last4, int expiryMonth, int expiryYear) {
    }

    record IntentRequest(Long amountMinor, String currency, String token, String reference, String callbackUrl) {
    }

    record AmountRequest(Long amountMinor) {
    }

    record Intent(String id, String status, String declineReason, long amountMinor, String currency, String reference,
                  long capturedAmountMinor, long refundedAmountMinor, Instant createdAt, Instant updatedAt) {
    }

    record LedgerEntry(String intentId, String reference, String kind, long amountMinor, String currency,
                       String idempotencyKey, Instant at) {
    }

    record Failure(String code, String message) {
    }

    /** What a callback carries: a unique id, the type, and the intent as it is after the operation. */
    record WebhookEvent(String id, String type, Instant createdAt, String idempotencyKey, Intent data) {
    }
}
