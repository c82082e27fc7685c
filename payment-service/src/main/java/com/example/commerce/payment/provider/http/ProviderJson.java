package com.example.commerce.payment.provider.http;

/** The simulated provider's JSON; nothing outside this package knows it. */
final class ProviderJson {

    private ProviderJson() {
    }

    record TokenRequest(String cardNumber, int expiryMonth, int expiryYear, String cvc, String holderName) {

        @Override
        public String toString() {
            return "TokenRequest[redacted]";
        }
    }

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

    record Intent(String id, String status, String declineReason, long amountMinor, String currency, String reference,
                  long capturedAmountMinor, long refundedAmountMinor) {
    }

    record Failure(String code, String message) {
    }
}
