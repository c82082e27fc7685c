package com.example.commerce.order.order;

import com.example.commerce.events.IntegrationEvent;

/** The timeline's name of a step: an event's name in upper snake case (StockReserved -> STOCK_RESERVED). */
public final class EventSteps {

    private EventSteps() {
    }

    public static String stepOf(IntegrationEvent event) {
        return event.getClass().getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }
}
