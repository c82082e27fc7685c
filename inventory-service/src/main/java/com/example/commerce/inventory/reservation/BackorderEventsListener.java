package com.example.commerce.inventory.reservation;

import com.example.commerce.events.Topics;
import com.example.commerce.events.backorder.BackorderFulfilled;
import com.example.commerce.events.backorder.SupplierShipmentReceived;
import com.example.commerce.starter.inbox.Inbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * backorder.events: SupplierShipmentReceived restocks, BackorderFulfilled reserves the waiting order's lines; the
 * topic's other events change nothing here.
 */
@Component
class BackorderEventsListener {

    static final String CONSUMER = "inventory.backorder-events";

    private final Inbox inbox;
    private final StockReservations reservations;

    BackorderEventsListener(Inbox inbox, StockReservations reservations) {
        this.inbox = inbox;
        this.reservations = reservations;
    }

    @KafkaListener(topics = Topics.BACKORDER_EVENTS, clientIdPrefix = "inventory-service.backorders", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        SagaPoll poll = SagaEvents.pollOf(inbox, records);
        SagaEvents.receiveAll(inbox, CONSUMER, records, event -> {
            switch (event.payload()) {
                case SupplierShipmentReceived received -> reservations.restock(received, poll);
                case BackorderFulfilled fulfilled -> reservations.reserveBackorder(fulfilled, poll);
                default -> { }
            }
        });
    }
}
