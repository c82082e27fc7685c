package com.example.commerce.customer.notification;

import com.example.commerce.events.shared.Money;
import java.util.List;

/**
 * What one email tells, fixed when the event that asks for it arrives (kept as JSON in {@code notification.details}).
 * Never an address or a name: those are read from the customer when the email is sent. Each field may be null
 * where the kind does not use it.
 *
 * @param total          the order's total (confirmed)
 * @param shortages      what is short (backordered)
 * @param courier        the courier (shipped)
 * @param trackingNumber the courier's tracking number (shipped; null when the courier gave none)
 * @param reason         why the order was cancelled, one of OrderEndReasons or a newer one (cancelled)
 * @param refund         money paid back (refunded: the refund; cancelled: read from the order's capture when sent)
 */
public record NotificationDetails(Money total, List<Short> shortages, String courier, String trackingNumber,
                                  String reason, Money refund) {

    /** A SKU an order waits for, and how many units are missing. */
    public record Short(String sku, int missing) {
    }

    NotificationDetails withRefund(Money money) {
        return new NotificationDetails(total, shortages, courier, trackingNumber, reason, money);
    }

    static NotificationDetails none() {
        return new NotificationDetails(null, null, null, null, null, null);
    }
}
