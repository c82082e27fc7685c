package com.example.commerce.payment.wallet;

/**
 * A card to save. In a real shop the browser sends the card straight to the provider and gives us only the
 * token; here there is no browser, so the card passes through this one request, which is never logged and
 * whose number and CVC go nowhere but the provider. Checked by hand, not by bean validation, so that no
 * rejected value is ever kept in a binding result or an error message.
 */
public record SavePaymentMethodRequest(String cardNumber, Integer expiryMonth, Integer expiryYear, String cvc,
                                       String holderName) {

    @Override
    public String toString() {
        return "SavePaymentMethodRequest[redacted]";
    }
}
