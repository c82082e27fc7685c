package com.example.commerce.cart.stock;

import com.example.commerce.events.Topics;
import com.example.commerce.events.inventory.StockLevelChanged;
import com.example.commerce.starter.inbox.Inbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Feeds the {@link StockBook} from inventory.events; other inventory events change nothing here. */
@Component
class InventoryEventsListener {

    static final String CONSUMER = "cart.stock-levels";

    private final Inbox inbox;
    private final StockBook stockBook;

    InventoryEventsListener(Inbox inbox, StockBook stockBook) {
        this.inbox = inbox;
        this.stockBook = stockBook;
    }

    /**
     * A client id of its own: the price read model's listener is {@code cart-service-0}, and two consumers
     * with one client id would share (and lose) their client metrics, consumer lag included.
     */
    @KafkaListener(topics = Topics.INVENTORY_EVENTS, clientIdPrefix = "cart-service.stock-levels", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        inbox.receiveAll(CONSUMER, records, event -> {
            if (event.payload() instanceof StockLevelChanged changed) {
                stockBook.levelChanged(changed);
            }
        });
    }
}
