package com.example.commerce.shipping.saga;

import com.example.commerce.events.Topics;
import com.example.commerce.events.order.OrderCancellationRequested;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.starter.inbox.Inbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * OrderConfirmed, OrderCancellationRequested and OrderCancelled from order.events, a poll at a time; other order
 * events change nothing.
 */
@Component
class OrderEventsListener {

    static final String CONSUMER = "shipping.orders";

    private final Inbox inbox;
    private final ShipmentSaga saga;

    OrderEventsListener(Inbox inbox, ShipmentSaga saga) {
        this.inbox = inbox;
        this.saga = saga;
    }

    @KafkaListener(topics = Topics.ORDER_EVENTS, clientIdPrefix = "shipping-service.orders", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        inbox.receiveAll(CONSUMER, records, event -> {
            if (event.payload() instanceof OrderConfirmed confirmed) {
                saga.orderConfirmed(confirmed);
            } else if (event.payload() instanceof OrderCancellationRequested requested) {
                saga.cancellationRequested(requested);
            } else if (event.payload() instanceof OrderCancelled cancelled) {
                saga.orderCancelled(cancelled);
            }
        });
    }
}
