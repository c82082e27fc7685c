package com.example.commerce.payment.payment;

import com.example.commerce.events.shared.Money;
import java.util.UUID;

/** What one claimed operation asks of the provider. */
record OperationCall(UUID operationId, UUID orderId, UUID paymentMethodId, OperationKind kind, String idempotencyKey,
                     Money amount, String providerReference) {
}
