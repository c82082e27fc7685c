package com.example.commerce.customer.notification;

import com.example.commerce.events.Topics;
import com.example.commerce.starter.inbox.Inbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Hands every event of order.events to {@link OrderNotifications}, one inbox transaction per poll. */
@Component
class OrderEventsListener {

    static final String CONSUMER = "customer.order-events";

    private final Inbox inbox;
    private final OrderNotifications notifications;

    OrderEventsListener(Inbox inbox, OrderNotifications notifications) {
        this.inbox = inbox;
        this.notifications = notifications;
    }

    @KafkaListener(topics = Topics.ORDER_EVENTS, clientIdPrefix = "customer-service.order-events", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        inbox.receiveAll(CONSUMER, records, notifications::record);
    }
}
