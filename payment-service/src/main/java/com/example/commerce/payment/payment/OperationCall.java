package com.example.commerce.payment.payment;

import com.example.commerce.events.shared.Money;
import java.util.UUID;

/**
 * What one claimed operation asks of the provider.
 *
 * @param lookupOnly only ask what became of it (an authorisation of an order cancelled since it was sent): never send it again
 */
record OperationCall(UUID operationId, UUID orderId, UUID paymentMethodId, OperationKind kind, String idempotencyKey,
                     Money amount, String providerReference, boolean lookupOnly) {
}
