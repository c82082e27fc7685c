package com.example.commerce.inventory.reservation;

import com.example.commerce.events.Topics;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.events.shipping.ShipmentFailed;
import com.example.commerce.starter.inbox.Inbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** ShipmentDispatched commits the order's stock, ShipmentFailed releases it; other shipping events change nothing. */
@Component
class ShippingEventsListener {

    static final String CONSUMER = "inventory.shipping-reservations";

    private final Inbox inbox;
    private final StockReservations reservations;

    ShippingEventsListener(Inbox inbox, StockReservations reservations) {
        this.inbox = inbox;
        this.reservations = reservations;
    }

    @KafkaListener(topics = Topics.SHIPPING_EVENTS, clientIdPrefix = "inventory-service.shipping", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        SagaPoll poll = SagaEvents.pollOf(inbox, records);
        SagaEvents.receiveAll(inbox, CONSUMER, records, event -> {
            switch (event.payload()) {
                case ShipmentDispatched dispatched -> reservations.commit(dispatched.orderId(), poll);
                case ShipmentFailed failed -> reservations.release(failed.orderId(), StockReservations.SHIPPING_FAILED,
                        poll);
                default -> { }
            }
        });
    }
}
