package com.example.commerce.payment.provider.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The simulated provider's JSON; nothing outside this package knows it. Fields added by the provider are passed over. */
final class ProviderJson {

    private ProviderJson() {
    }

    record TokenRequest(String cardNumber, int expiryMonth, int expiryYear, String cvc, String holderName) {

        @Override
        public String toString() {
            return "TokenRequest[redacted]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(String token, String brand, String last4, int expiryMonth, int expiryYear) {
    }

    record IntentRequest(long amountMinor, String currency, String token, String reference, String callbackUrl) {

        @Override
        public String toString() {
            return "IntentRequest[" + reference + "]";
        }
    }

    record AmountRequest(Long amountMinor) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Intent(String id, String status, String declineReason, long amountMinor, String currency, String reference,
                  long capturedAmountMinor, long refundedAmountMinor) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Failure(String code, String message) {
    }
}
