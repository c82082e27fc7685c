package com.example.commerce.payment.provider;

/** A card as typed by its holder. Never logged: {@link #toString()} says nothing of it. */
public record CardDetails(String number, int expiryMonth, int expiryYear, String cvc, String holderName) {

    @Override
    public String toString() {
        return "CardDetails[redacted]";
    }
}
