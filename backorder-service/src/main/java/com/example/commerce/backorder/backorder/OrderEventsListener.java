package com.example.commerce.backorder.backorder;

import com.example.commerce.events.Topics;
import com.example.commerce.events.order.OrderBackordered;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.starter.inbox.Inbox;
import com.example.commerce.starter.inbox.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** OrderBackordered and OrderCancelled from order.events into the backorder book; the topic's other events pass. */
@Component
class OrderEventsListener {

    static final String CONSUMER = "backorder.order-events";

    private final Inbox inbox;
    private final BackorderBook book;

    OrderEventsListener(Inbox inbox, BackorderBook book) {
        this.inbox = inbox;
        this.book = book;
    }

    @KafkaListener(topics = Topics.ORDER_EVENTS, clientIdPrefix = "backorder-service.order-events")
    void on(ConsumerRecord<String, byte[]> record) {
        inbox.receive(CONSUMER, record, this::handle);
    }

    private void handle(ReceivedEvent event) {
        switch (event.payload()) {
            case OrderBackordered backordered -> book.record(backordered);
            case OrderCancelled cancelled -> book.cancel(cancelled);
            default -> {
            }
        }
    }
}
