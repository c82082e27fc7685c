package com.example.commerce.events;

import java.util.List;
import java.util.stream.Stream;

/**
 * The event topics of the fleet: one per producing context, each with a dead-letter topic beside it.
 * Records are keyed by aggregate id (the order id for everything in the order saga).
 */
public final class Topics {

    public static final String CATALOG_EVENTS = "catalog.events";
    public static final String CUSTOMER_EVENTS = "customer.events";
    public static final String CART_EVENTS = "cart.events";
    public static final String ORDER_EVENTS = "order.events";
    public static final String INVENTORY_EVENTS = "inventory.events";
    public static final String PAYMENT_EVENTS = "payment.events";
    public static final String SHIPPING_EVENTS = "shipping.events";
    public static final String BACKORDER_EVENTS = "backorder.events";

    /** Suffix of the dead-letter topic that stands beside every event topic. */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    /** Partitions per topic: the most consumer instances one group can spread over. */
    public static final int PARTITIONS = 6;

    private static final List<String> EVENT_TOPICS = List.of(
            CATALOG_EVENTS, CUSTOMER_EVENTS, CART_EVENTS, ORDER_EVENTS,
            INVENTORY_EVENTS, PAYMENT_EVENTS, SHIPPING_EVENTS, BACKORDER_EVENTS);

    private Topics() {
    }

    /** The event topics, one per producing context. */
    public static List<String> eventTopics() {
        return EVENT_TOPICS;
    }

    /** The dead-letter topic of an event topic. */
    public static String deadLetterTopicOf(String topic) {
        if (!EVENT_TOPICS.contains(topic)) {
            throw new IllegalArgumentException("not an event topic: " + topic);
        }
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** Every topic the fleet needs: the event topics and their dead-letter topics. */
    public static List<String> all() {
        return EVENT_TOPICS.stream()
                .flatMap(topic -> Stream.of(topic, deadLetterTopicOf(topic)))
                .toList();
    }
}
