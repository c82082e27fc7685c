package com.example.commerce.payment.payment;

import com.example.commerce.events.shared.Money;
import java.util.UUID;

/**
 * What one claimed operation asks of the provider.
 *
 * @param lookupOnly only ask what became of it (an authorisation of an order cancelled since it was sent, or an
 *                   operation at its bound): never send it again
 * @param sentBefore whether an earlier attempt may have reached the provider: a call that the open breaker (or
 *                   a full bulkhead, or the send guard) kept back leaves an operation that never went out unsent
 * @param lastChance the operation reached its bound ({@code max-attempts} or {@code max-age}): this lookup is the
 *                   last question; still unknown after it, the operation is given up
 */
record OperationCall(UUID operationId, UUID orderId, UUID paymentMethodId, OperationKind kind, String idempotencyKey,
                     Money amount, String providerReference, boolean lookupOnly, boolean sentBefore,
                     boolean lastChance) {
}
