package com.example.commerce.inventory.stock;

import com.example.commerce.events.Topics;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.starter.inbox.Inbox;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Starts a stock item for every product the catalogue lists; other catalogue events change nothing here. */
@Component
class CatalogEventsListener {

    static final String CONSUMER = "inventory.catalog-products";

    private final Inbox inbox;
    private final StockLevels stockLevels;

    CatalogEventsListener(Inbox inbox, StockLevels stockLevels) {
        this.inbox = inbox;
        this.stockLevels = stockLevels;
    }

    @KafkaListener(topics = Topics.CATALOG_EVENTS, batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        inbox.receiveAll(CONSUMER, records, event -> {
            if (event.payload() instanceof ProductCreated created) {
                stockLevels.productListed(created.sku());
            }
        });
    }
}
