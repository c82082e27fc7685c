package com.example.commerce.cart.cart;

import com.example.commerce.events.Topics;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.starter.inbox.Inbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** An OrderPlaced from a cart checks the ordered lines out of it; other order events change nothing here. */
@Component
class OrderEventsListener {

    static final String CONSUMER = "cart.order-checkouts";

    private final Inbox inbox;
    private final CartCheckouts checkouts;

    OrderEventsListener(Inbox inbox, CartCheckouts checkouts) {
        this.inbox = inbox;
        this.checkouts = checkouts;
    }

    @KafkaListener(topics = Topics.ORDER_EVENTS, clientIdPrefix = "cart-service.orders", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        inbox.receiveAll(CONSUMER, records, event -> {
            if (event.payload() instanceof OrderPlaced placed) {
                checkouts.orderPlaced(placed);
            }
        });
    }
}
