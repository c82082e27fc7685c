package com.example.commerce.order.saga;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.Topics;
import com.example.commerce.events.inventory.StockLevelChanged;
import com.example.commerce.events.inventory.StockReplenished;
import com.example.commerce.starter.inbox.Inbox;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hands every event of inventory.events about an order (StockReserved, StockReservationFailed, StockReleased,
 * StockCommitted) to the {@link OrderSaga}, one inbox transaction per poll. Stock levels (StockLevelChanged,
 * StockReplenished, keyed by SKU, by far the most records on the topic) are passed over by their
 * {@code ce_type} header alone: neither parsed nor written to the inbox.
 */
@Component
class InventoryEventsListener {

    static final String CONSUMER = "order.inventory-events";

    private static final Set<String> STOCK_LEVELS = Set.of(EventTypes.typeOf(StockLevelChanged.class),
            EventTypes.typeOf(StockReplenished.class));

    private final Inbox inbox;
    private final OrderSaga saga;

    InventoryEventsListener(Inbox inbox, OrderSaga saga) {
        this.inbox = inbox;
        this.saga = saga;
    }

    @KafkaListener(topics = Topics.INVENTORY_EVENTS, clientIdPrefix = "order-service.inventory-events", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        List<ConsumerRecord<String, byte[]>> aboutOrders = records.stream().filter(record -> !stockLevel(record)).toList();
        inbox.receiveAll(CONSUMER, aboutOrders, saga::handle);
    }

    private static boolean stockLevel(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader("ce_type");
        return type != null && type.value() != null
                && STOCK_LEVELS.contains(new String(type.value(), StandardCharsets.UTF_8));
    }
}
