package com.example.commerce.payment.wallet;

import java.time.Instant;
import java.util.UUID;

/** A saved card as shown to its owner (and to services with {@code payments:read}). */
public record PaymentMethodView(UUID id, String brand, String last4, int expiryMonth, int expiryYear, String holderName,
                                Instant createdAt) {
}
