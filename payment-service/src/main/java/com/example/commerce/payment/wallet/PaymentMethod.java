package com.example.commerce.payment.wallet;

import java.time.Instant;
import java.util.UUID;

/**
 * A saved card as we keep it: the provider's token and holder name (both encrypted at rest, decrypted only
 * when needed), brand, last four digits and expiry. Never the number or the CVC.
 */
record PaymentMethod(UUID id, UUID customerId, String encryptedToken, String brand, String last4, int expiryMonth,
                     int expiryYear, String encryptedHolderName, Instant createdAt) {
}
