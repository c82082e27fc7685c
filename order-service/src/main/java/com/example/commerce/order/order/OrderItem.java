package com.example.commerce.order.order;

import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Objects;

/** One line of an order: a SKU, its name when known, how many, at the unit price the order was placed at. */
@Embeddable
public class OrderItem {

    @Column(nullable = false, length = 64)
    private String sku;

    @Column(length = 200)
    private String name;

    @Column(nullable = false)
    private int quantity;

    @Column(name = "unit_price_amount", nullable = false)
    private long unitPriceAmount;

    protected OrderItem() {
    }

    public OrderItem(String sku, String name, int quantity, long unitPriceAmount) {
        this.sku = Objects.requireNonNull(sku);
        this.name = name;
        if (quantity <= 0 || unitPriceAmount < 0) {
            throw new IllegalArgumentException("quantity > 0 and a price >= 0, not " + quantity + " at " + unitPriceAmount);
        }
        this.quantity = quantity;
        this.unitPriceAmount = unitPriceAmount;
    }

    public String sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    public int quantity() {
        return quantity;
    }

    public long unitPriceAmount() {
        return unitPriceAmount;
    }

    public long lineTotalAmount() {
        return Math.multiplyExact(unitPriceAmount, quantity);
    }

    OrderLine toEventLine(String currency) {
        return new OrderLine(sku, quantity, new Money(unitPriceAmount, currency));
    }
}
