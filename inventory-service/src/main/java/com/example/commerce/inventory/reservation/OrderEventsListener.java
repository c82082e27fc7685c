package com.example.commerce.inventory.reservation;

import com.example.commerce.events.Topics;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.starter.inbox.Inbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** OrderPlaced reserves, OrderCancelled releases, OrderConfirmed pins; other order events change nothing here. */
@Component
class OrderEventsListener {

    static final String CONSUMER = "inventory.order-reservations";

    private final Inbox inbox;
    private final StockReservations reservations;

    OrderEventsListener(Inbox inbox, StockReservations reservations) {
        this.inbox = inbox;
        this.reservations = reservations;
    }

    @KafkaListener(topics = Topics.ORDER_EVENTS, clientIdPrefix = "inventory-service.orders", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        SagaPoll poll = SagaEvents.pollOf(inbox, records);
        SagaEvents.receiveAll(inbox, CONSUMER, records, event -> {
            switch (event.payload()) {
                case OrderPlaced placed -> reservations.reserve(placed, poll);
                case OrderCancelled cancelled -> reservations.release(cancelled.orderId(), cancelled.reason(), poll);
                case OrderConfirmed confirmed -> reservations.pin(confirmed.orderId(), poll);
                default -> { }
            }
        });
    }
}
