package com.example.commerce.order.saga;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.Topics;
import com.example.commerce.events.backorder.BackorderCreated;
import com.example.commerce.events.backorder.BackorderFailed;
import com.example.commerce.events.backorder.BackorderFulfilled;
import com.example.commerce.starter.inbox.Inbox;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The backorder events about orders (BackorderCreated, BackorderFulfilled, BackorderFailed) from backorder.events
 * into the saga. The topic's purchase-order events (keyed by purchase order, not by order) are not the saga's and
 * are left to their consumers.
 */
@Component
class BackorderEventsListener {

    static final String CONSUMER = "order.backorder-events";

    private static final Set<String> ABOUT_ORDERS = Set.of(EventTypes.typeOf(BackorderCreated.class),
            EventTypes.typeOf(BackorderFulfilled.class), EventTypes.typeOf(BackorderFailed.class));

    private final Inbox inbox;
    private final OrderSaga saga;

    BackorderEventsListener(Inbox inbox, OrderSaga saga) {
        this.inbox = inbox;
        this.saga = saga;
    }

    @KafkaListener(topics = Topics.BACKORDER_EVENTS, clientIdPrefix = "order-service.backorder-events", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        inbox.receiveAll(CONSUMER, records.stream().filter(BackorderEventsListener::aboutAnOrder).toList(), saga::handle);
    }

    private static boolean aboutAnOrder(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader("ce_type");
        return type != null && type.value() != null
                && ABOUT_ORDERS.contains(new String(type.value(), StandardCharsets.UTF_8));
    }
}
