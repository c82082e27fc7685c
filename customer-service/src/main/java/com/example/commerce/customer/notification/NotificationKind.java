package com.example.commerce.customer.notification;

import java.util.Locale;

/** The emails a customer gets about an order, one of each kind at most. */
public enum NotificationKind {
    /** OrderConfirmed: stock reserved, payment authorised. */
    CONFIRMED,
    /** OrderBackordered: what is short, and the supplier's expected date when known. */
    BACKORDERED,
    /** ShipmentDispatched: the courier has the parcel; the tracking number. */
    SHIPPED,
    /** ShipmentDelivered. */
    DELIVERED,
    /** OrderCancelled: why, and what happens to the money. */
    CANCELLED,
    /** PaymentRefunded: how much came back. */
    REFUNDED;

    /** The name of its templates ({@code mail/<language>/<template>.html} and {@code .txt}). */
    public String template() {
        return name().toLowerCase(Locale.ROOT);
    }
}
