package com.example.commerce.order.order;

import com.example.commerce.events.IntegrationEvent;
import java.util.List;

/**
 * What an order made of something that happened to it.
 *
 * @param applied whether it still applied (false: a late or repeated event, recorded and otherwise ignored)
 * @param detail  a sentence for the timeline
 * @param events  what to publish (empty when nothing changed)
 */
public record Outcome(boolean applied, String detail, List<IntegrationEvent> events) {

    public Outcome {
        events = List.copyOf(events);
    }

    static Outcome recorded(String detail) {
        return new Outcome(true, detail, List.of());
    }

    static Outcome ignored(String detail) {
        return new Outcome(false, detail, List.of());
    }

    static Outcome changed(String detail, IntegrationEvent... events) {
        return new Outcome(true, detail, List.of(events));
    }
}
