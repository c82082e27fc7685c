package com.example.commerce.starter.inbox;

import com.example.commerce.events.IntegrationEvent;
import java.util.UUID;

/** An event as a listener receives it: its CloudEvents id and type, where it came from, and the record. */
public record ReceivedEvent(UUID eventId, String type, String topic, int partition, long offset,
                            IntegrationEvent payload, String traceparent) {
}
