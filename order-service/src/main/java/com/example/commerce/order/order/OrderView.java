package com.example.commerce.order.order;

import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as its owner and operators see it; amounts in minor units of the order's currency. */
public record OrderView(UUID id, UUID customerId, OrderStatus status, String reason, List<LineView> lines,
                        Money subtotal, Money discount, String promoCode, Money total, Address shippingAddress,
                        UUID paymentMethodId, boolean allowBackorder, UUID cartId, Instant placedAt,
                        Instant updatedAt, Instant deadlineAt) {

    /** @param name the catalogue's name when the order was placed; null when unknown */
    public record LineView(String sku, String name, int quantity, Money unitPrice, Money lineTotal) {
    }

    public static OrderView of(Order order) {
        String currency = order.currency();
        List<LineView> lines = order.items().stream().map(item -> new LineView(item.sku(), item.name(), item.quantity(),
                new Money(item.unitPriceAmount(), currency), new Money(item.lineTotalAmount(), currency))).toList();
        return new OrderView(order.id(), order.customerId(), order.status(), order.reason(), lines, order.subtotal(),
                order.discount(), order.promoCode(), order.total(), order.shippingAddress(), order.paymentMethodId(),
                order.allowBackorder(), order.cartId(), order.placedAt(), order.updatedAt(), order.deadlineAt());
    }
}
