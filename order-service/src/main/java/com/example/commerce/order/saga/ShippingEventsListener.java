package com.example.commerce.order.saga;

import com.example.commerce.events.Topics;
import com.example.commerce.starter.inbox.Inbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Hands every event of shipping_events about an order to the {@link OrderSaga}, one inbox transaction per poll. */
@Component
class ShippingEventsListener {

    static final String CONSUMER = "order.shipping-events";

    private final Inbox inbox;
    private final OrderSaga saga;

    ShippingEventsListener(Inbox inbox, OrderSaga saga) {
        this.inbox = inbox;
        this.saga = saga;
    }

    @KafkaListener(topics = Topics.SHIPPING_EVENTS, clientIdPrefix = "order-service.shipping-events", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        inbox.receiveAll(CONSUMER, records, saga::handle);
    }
}
