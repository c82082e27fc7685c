package com.example.commerce.inventory.reservation;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.starter.inbox.EventRejectedException;
import com.example.commerce.starter.inbox.Inbox;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the payloads of a poll to know up front what it will lock; a record that cannot be read is left out. */
final class SagaEvents {

    private SagaEvents() {
    }

    static SagaPoll pollOf(Inbox inbox, List<ConsumerRecord<String, byte[]>> records) {
        List<IntegrationEvent> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(inbox.read(record).payload());
            } catch (EventRejectedException unreadable) {
                // The inbox dead-letters it when it reaches it; it locks nothing.
            }
        }
        return SagaPoll.of(events);
    }
}
