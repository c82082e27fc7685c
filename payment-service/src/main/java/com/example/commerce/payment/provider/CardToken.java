package com.example.commerce.payment.provider;

/** What the provider gives back for a card: its token and what may be shown of the card. */
public record CardToken(String token, String brand, String last4, int expiryMonth, int expiryYear) {

    @Override
    public String toString() {
        return "CardToken[" + brand + " " + last4 + "]";
    }
}
